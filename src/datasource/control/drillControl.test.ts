import { HttpError } from '../grafanaServices';
import { createDrillControl } from './drillControl';

function control(respond: (method: string, url: string, body?: unknown) => unknown) {
  const calls: Array<[string, string, unknown]> = [];
  const drills = createDrillControl(
    async (method, url, body) => {
      calls.push([method, url, body]);
      return respond(method, url, body);
    },
    (path) => `/api/datasources/proxy/uid/mci/mci${path}`
  );
  return { drills, calls };
}

describe('the drill control of the data source', () => {
  it('starts a drill now through the scenarios route and reads back when it started', async () => {
    const { drills, calls } = control(() => ({
      name: 'cpu-spike',
      offsetMs: 0,
      durationMs: 60_000,
      startedAt: 5,
      endsAt: 60_005,
    }));
    expect(await drills.start({ name: 'cpu-spike', duration: '1m' })).toEqual({
      name: 'cpu-spike',
      startedAt: 5,
      endsAt: 60_005,
    });
    expect(calls).toEqual([
      [
        'POST',
        '/api/datasources/proxy/uid/mci/mci/api/sim/scenarios',
        { name: 'cpu-spike', offset: '0s', duration: '1m' },
      ],
    ]);
  });

  it('stops a drill by name with DELETE, the name encoded', async () => {
    const { drills, calls } = control(() => ({ stopped: 'cpu-spike', active: [] }));
    await drills.stop('cpu-spike');
    expect(calls[0].slice(0, 2)).toEqual(['DELETE', '/api/datasources/proxy/uid/mci/mci/api/sim/scenarios/cpu-spike']);
  });

  it('lists active drills and the scenarios on offer, skipping entries that are not drills', async () => {
    const { drills } = control(() => ({
      active: [{ name: 'cpu-spike', startedAt: 1, endsAt: 2 }, { name: 3 }, null],
      available: ['normal', 'cpu-spike', 7],
    }));
    expect(await drills.list()).toEqual({
      active: [{ name: 'cpu-spike', startedAt: 1, endsAt: 2 }],
      available: ['normal', 'cpu-spike'],
    });
  });

  it('reads the alert sink and counts the entries it could not read', async () => {
    const { drills, calls } = control(() => ({
      received: 3,
      notifications: [{ receivedAt: 10, body: { status: 'firing' } }, { body: {} }, 'junk'],
    }));
    expect(await drills.readAlertSink()).toEqual({
      received: 3,
      notifications: [{ receivedAt: 10, body: { status: 'firing' } }],
      skipped: 2,
    });
    expect(calls[0].slice(0, 2)).toEqual(['GET', '/api/datasources/proxy/uid/mci/mci/api/sim/alert-sink']);
  });

  it.each([401, 403])('explains a refusal (%i) with the role and the control key to set', async (status) => {
    const { drills } = control(() => {
      throw new HttpError(status, '/x', {});
    });
    await expect(drills.list()).rejects.toThrow(/Editor role.*Control key/);
  });

  it('says the server may not be an MCI simulator when an answer has the wrong shape', async () => {
    const { drills } = control(() => ({ hello: 'world' }));
    await expect(drills.readAlertSink()).rejects.toThrow(/may not point at an MCI simulator/);
    await expect(drills.start({ name: 'cpu-spike' })).rejects.toThrow(/no started scenario/);
  });
});
