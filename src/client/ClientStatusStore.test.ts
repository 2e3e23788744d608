import { ClientStatusStore } from './ClientStatusStore';
import type { ClientStatus } from './types';

function recorded() {
  let clock = 100;
  const store = new ClientStatusStore(() => clock);
  const seen: ClientStatus[] = [];
  store.status$.subscribe((status) => seen.push(status));
  return { store, seen, tick: (ms: number) => (clock += ms) };
}

describe('ClientStatusStore', () => {
  it('replays the initial status: disconnected, no attempt, not polling', () => {
    expect(recorded().seen).toEqual([{ state: 'disconnected', attempt: 0, polling: false, since: 100 }]);
  });

  it('stamps since on a state change only, and emits nothing for a patch that changes nothing', () => {
    const { store, seen, tick } = recorded();
    tick(5);
    store.set({ state: 'connecting' });
    tick(5);
    store.set({ attempt: 0 });
    store.set({ attempt: 1 });
    expect(seen.map((status) => [status.state, status.attempt, status.since])).toEqual([
      ['disconnected', 0, 100],
      ['connecting', 0, 105],
      ['connecting', 1, 105],
    ]);
  });

  it('removes a field patched to undefined', () => {
    const { store, seen } = recorded();
    store.set({ nextRetryAt: 5 });
    store.set({ nextRetryAt: undefined });
    expect(seen[2]).not.toHaveProperty('nextRetryAt');
  });

  it('shows a transition as one status, and its value inside the transition', () => {
    const { store, seen } = recorded();
    store.transition(() => {
      store.set({ state: 'reconnecting' });
      store.transition(() => store.set({ polling: true }));
      expect(store.value).toMatchObject({ state: 'reconnecting', polling: true });
    });
    expect(seen).toHaveLength(2);
    expect(seen[1]).toMatchObject({ state: 'reconnecting', polling: true });
  });
});
