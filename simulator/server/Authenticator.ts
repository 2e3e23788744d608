/**
 * Credentials (docs/security.md): telemetry API keys, control keys, alert-sink tokens and metrics
 * tokens, each compared in constant time and never logged, and one-time tickets for browsers
 * (valid once, for `ticketTtlMs`). Only API keys and tickets open a WebSocket. Pure: the clock and
 * the random source are passed in.
 */
import { createHash, timingSafeEqual } from 'crypto';

export interface AuthenticatorOptions {
  /** False: everything is accepted (`--no-auth`). */
  enabled: boolean;
  apiKeys: readonly string[];
  /** Keys of the control API (`/api/sim/*`); never accepted for telemetry. */
  controlKeys?: readonly string[];
  /** Tokens the alert sink accepts from Grafana's or Alertmanager's webhook. */
  alertSinkTokens?: readonly string[];
  /** Tokens that may only scrape `/metrics`. */
  metricsTokens?: readonly string[];
  ticketTtlMs: number;
  now: () => number;
  /** An unguessable id (e.g. `randomBytes(24).toString('base64url')`). */
  randomId: () => string;
  /** Tickets shared by several gateways (Redis); without it they live in this process. */
  sharedTickets?: SharedTickets;
}

/** Where tickets live when a ticket fetched through one gateway must open a socket on another. */
export interface SharedTickets {
  /** Remember a ticket for `ttlMs`. */
  put(ticket: string, ttlMs: number): Promise<void>;
  /** Consume a ticket: true once, while it has not expired. */
  take(ticket: string): Promise<boolean>;
}

/** Which kind of secret a bearer token is. */
export type BearerKind = 'api-key' | 'control' | 'alert-sink' | 'metrics';

export type Credential = { kind: 'none' } | { kind: 'api-key'; keyIndex: number } | { kind: 'ticket' };

export interface Ticket {
  ticket: string;
  expiresAt: number;
  expiresInMs: number;
}

/** Upper bound on outstanding tickets, so a key holder cannot grow memory without limit. */
const MAX_TICKETS = 10_000;

/** Hashing first makes every comparison the same length, so timing reveals nothing about a key. */
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export class Authenticator {
  private readonly keyDigests: Buffer[];
  private readonly otherDigests: Array<[BearerKind, Buffer[]]>;
  private readonly tickets = new Map<string, number>();

  constructor(private readonly options: AuthenticatorOptions) {
    this.keyDigests = options.apiKeys.map(digest);
    this.otherDigests = [
      ['control', (options.controlKeys ?? []).map(digest)],
      ['alert-sink', (options.alertSinkTokens ?? []).map(digest)],
      ['metrics', (options.metricsTokens ?? []).map(digest)],
    ];
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  /** The API key of an `Authorization: Bearer <key>` header, or undefined when it is not valid. */
  checkBearer(header: string | undefined): Credential | undefined {
    if (!this.options.enabled) {
      return { kind: 'none' };
    }
    const candidate = bearerDigest(header);
    if (candidate === undefined) {
      return undefined;
    }
    const found = indexOf(this.keyDigests, candidate);
    return found === -1 ? undefined : { kind: 'api-key', keyIndex: found };
  }

  /**
   * Which kind of secret an `Authorization: Bearer …` header carries, or undefined when none
   * (or an unknown one). Every configured secret is compared, whatever matches, so the time does
   * not reveal which kind it was.
   */
  bearerKind(header: string | undefined): BearerKind | undefined {
    const candidate = bearerDigest(header);
    if (candidate === undefined) {
      return undefined;
    }
    let kind: BearerKind | undefined = indexOf(this.keyDigests, candidate) === -1 ? undefined : 'api-key';
    for (const [other, digests] of this.otherDigests) {
      if (indexOf(digests, candidate) !== -1 && kind === undefined) {
        kind = other;
      }
    }
    return kind;
  }

  issueTicket(): Ticket {
    this.expireTickets();
    if (this.tickets.size >= MAX_TICKETS) {
      // Drop the oldest: Map iterates in insertion order.
      const oldest = this.tickets.keys().next().value;
      if (oldest !== undefined) {
        this.tickets.delete(oldest);
      }
    }
    const ticket = this.options.randomId();
    const expiresAt = this.options.now() + this.options.ticketTtlMs;
    this.tickets.set(ticket, expiresAt);
    return { ticket, expiresAt, expiresInMs: this.options.ticketTtlMs };
  }

  /** A ticket, in the shared store when there is one. */
  async issueSharedTicket(): Promise<Ticket> {
    const shared = this.options.sharedTickets;
    if (shared === undefined) {
      return this.issueTicket();
    }
    const ticket = this.options.randomId();
    await shared.put(ticket, this.options.ticketTtlMs);
    return { ticket, expiresAt: this.options.now() + this.options.ticketTtlMs, expiresInMs: this.options.ticketTtlMs };
  }

  /** `authenticateUpgrade`, redeeming the ticket from the shared store when there is one. */
  async authenticateSharedUpgrade(
    authorization: string | undefined,
    ticket: string | null
  ): Promise<Credential | undefined> {
    const shared = this.options.sharedTickets;
    const local = this.authenticateUpgrade(authorization, shared === undefined ? ticket : null);
    if (local !== undefined || shared === undefined || !ticket) {
      return local;
    }
    return (await shared.take(ticket)) ? { kind: 'ticket' } : undefined;
  }

  /** Consume a ticket: valid once, before it expires. */
  redeemTicket(ticket: string | null | undefined): Credential | undefined {
    if (!ticket) {
      return undefined;
    }
    const expiresAt = this.tickets.get(ticket);
    if (expiresAt === undefined) {
      return undefined;
    }
    this.tickets.delete(ticket);
    return expiresAt > this.options.now() ? { kind: 'ticket' } : undefined;
  }

  /** The credential of an upgrade request: a bearer key, else a ticket; undefined when neither is valid. */
  authenticateUpgrade(authorization: string | undefined, ticket: string | null): Credential | undefined {
    if (!this.options.enabled) {
      return { kind: 'none' };
    }
    if (authorization !== undefined) {
      const bearer = this.checkBearer(authorization);
      if (bearer !== undefined) {
        return bearer;
      }
    }
    return this.redeemTicket(ticket);
  }

  private expireTickets(): void {
    const now = this.options.now();
    for (const [ticket, expiresAt] of this.tickets) {
      if (expiresAt <= now) {
        this.tickets.delete(ticket);
      }
    }
  }
}

function bearerDigest(header: string | undefined): Buffer | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '');
  return match === null ? undefined : digest(match[1].trim());
}

/** Compare against every entry, whatever matches, so the time does not depend on which one did. */
function indexOf(digests: readonly Buffer[], candidate: Buffer): number {
  let found = -1;
  digests.forEach((entry, index) => {
    if (timingSafeEqual(entry, candidate) && found === -1) {
      found = index;
    }
  });
  return found;
}
