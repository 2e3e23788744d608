/**
 * The client's status stream (`status$`): replays the current value, emits only real changes,
 * stamps `since` on every state change, and lets a transition that changes several fields
 * (state, polling, error) show as one value.
 */
import { BehaviorSubject, type Observable } from 'rxjs';
import type { ClientStatus } from './types';

export class ClientStatusStore {
  private readonly subject: BehaviorSubject<ClientStatus>;
  /** Patches collected while a transition runs. */
  private pending: Partial<ClientStatus> | undefined;

  constructor(
    private readonly now: () => number,
    private readonly onStateChange: (from: ClientStatus, to: ClientStatus) => void = () => undefined
  ) {
    this.subject = new BehaviorSubject<ClientStatus>({
      state: 'disconnected',
      attempt: 0,
      polling: false,
      since: now(),
    });
  }

  get status$(): Observable<ClientStatus> {
    return this.subject.asObservable();
  }

  /** The current status, including patches of a transition in progress. */
  get value(): ClientStatus {
    return { ...this.subject.value, ...this.pending };
  }

  /** The current state (cheap: read on every event). */
  get state(): ClientStatus['state'] {
    return this.pending?.state ?? this.subject.value.state;
  }

  /** Run `change`; every `set` inside it is emitted as one status at the end. */
  transition(change: () => void): void {
    const outer = this.pending === undefined;
    this.pending ??= {};
    change();
    if (outer) {
      const patch = this.pending;
      this.pending = undefined;
      this.set(patch);
    }
  }

  /** Merge a patch (a key set to `undefined` removes the field) and emit when anything changed. */
  set(patch: Partial<ClientStatus>): void {
    if (this.pending !== undefined) {
      Object.assign(this.pending, patch);
      return;
    }
    const current = this.subject.value;
    const next: ClientStatus = { ...current, ...patch };
    if (next.state !== current.state) {
      next.since = this.now();
    }
    for (const key of Object.keys(next) as Array<keyof ClientStatus>) {
      if (next[key] === undefined) {
        delete next[key];
      }
    }
    const keys = Object.keys({ ...current, ...next }) as Array<keyof ClientStatus>;
    if (keys.some((key) => current[key] !== next[key])) {
      if (next.state !== current.state) {
        this.onStateChange(current, next);
      }
      this.subject.next(next);
    }
  }

  complete(): void {
    this.subject.complete();
  }
}
