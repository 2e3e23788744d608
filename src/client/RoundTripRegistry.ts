/**
 * Pending `roundTrip()` probes (protocol extension: client `heartbeat {clientTime}` answered by
 * `heartbeat:ack {clientTime, serverTime}`). Each probe is matched by its `clientTime` on the socket
 * it was sent on, and settled exactly once: answered, failed with the connection, or timed out.
 */
import { toError } from './clientErrors';
import type { ClientError } from './types';

export interface Probe<TSocket> {
  clientTime?: number;
  sentOn?: TSocket;
}

interface Pending<TSocket> extends Probe<TSocket> {
  resolve(rttMs: number): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class RoundTripRegistry<TSocket> {
  private readonly pending = new Set<Pending<TSocket>>();

  constructor(
    private readonly now: () => number,
    /** Called after each probe settles (the caller may close a socket nothing needs any more). */
    private readonly onSettled: () => void
  ) {}

  get size(): number {
    return this.pending.size;
  }

  /** A new probe; `timeoutError(sent)` says what a timeout means, sent or still waiting for a socket. */
  add(
    timeoutMs: number,
    timeoutError: (sent: boolean) => ClientError
  ): { promise: Promise<number>; probe: Probe<TSocket> } {
    let probe!: Pending<TSocket>;
    const promise = new Promise<number>((resolve, reject) => {
      probe = {
        resolve,
        reject,
        timer: setTimeout(
          () => this.settle(probe, () => reject(toError(timeoutError(probe.sentOn !== undefined)))),
          timeoutMs
        ),
      };
    });
    this.pending.add(probe);
    return { promise, probe };
  }

  /** Probes still waiting for an acknowledged socket. */
  unsent(): Array<Probe<TSocket>> {
    return [...this.pending].filter((probe) => probe.sentOn === undefined);
  }

  /** Record that the probe goes out on `socket` now; returns the `clientTime` to send. */
  markSent(probe: Probe<TSocket>, socket: TSocket): number {
    probe.clientTime = Math.round(this.now());
    probe.sentOn = socket;
    return probe.clientTime;
  }

  /** A `heartbeat:ack` on `socket`: resolve the probes it answers with their round-trip time. */
  answer(socket: TSocket, clientTime: number): void {
    for (const probe of [...this.pending]) {
      if (probe.sentOn === socket && probe.clientTime === clientTime) {
        this.settle(probe, () => probe.resolve(this.now() - clientTime));
      }
    }
  }

  /**
   * The server answered something else to our probes (a spec-001 server's INVALID_MESSAGE): it is
   * alive, so resolve every probe sent on `socket`. Returns whether there was any.
   */
  answerAll(socket: TSocket): boolean {
    const answered = [...this.pending].filter((probe) => probe.sentOn === socket);
    answered.forEach((probe) => this.settle(probe, () => probe.resolve(this.now() - (probe.clientTime ?? this.now()))));
    return answered.length > 0;
  }

  rejectAll(error: ClientError): void {
    for (const probe of [...this.pending]) {
      this.settle(probe, () => probe.reject(toError(error)));
    }
  }

  private settle(probe: Pending<TSocket>, how: () => void): void {
    if (!this.pending.delete(probe)) {
      return;
    }
    clearTimeout(probe.timer);
    how();
    this.onSettled();
  }
}
