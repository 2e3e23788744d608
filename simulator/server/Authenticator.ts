/**
 * Credentials (DESIGN §3 auth): API keys, compared in constant time and never logged, and
 * one-time tickets for browsers (valid once, for `ticketTtlMs`). Pure: the clock and the random
 * source are passed in.
 */
import { createHash, timingSafeEqual } from 'crypto';

export interface AuthenticatorOptions {
  /** False: everything is accepted (`--no-auth`). */
  enabled: boolean;
  apiKeys: readonly string[];
  ticketTtlMs: number;
  now: () => number;
  /** An unguessable id (e.g. `randomBytes(24).toString('base64url')`). */
  randomId: () => string;
}

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
  private readonly tickets = new Map<string, number>();

  constructor(private readonly options: AuthenticatorOptions) {
    this.keyDigests = options.apiKeys.map(digest);
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  /** The API key of an `Authorization: Bearer <key>` header, or undefined when it is not valid. */
  checkBearer(header: string | undefined): Credential | undefined {
    if (!this.options.enabled) {
      return { kind: 'none' };
    }
    const match = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '');
    if (match === null) {
      return undefined;
    }
    const candidate = digest(match[1].trim());
    let found = -1;
    // Compare against every key, whatever matches, so the time does not depend on which one did.
    this.keyDigests.forEach((key, index) => {
      if (timingSafeEqual(key, candidate) && found === -1) {
        found = index;
      }
    });
    return found === -1 ? undefined : { kind: 'api-key', keyIndex: found };
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
