/** WebSocket tickets in Redis, so a ticket fetched through one gateway opens a socket on another. */
import type { Redis } from 'ioredis';
import type { SharedTickets } from '../server/Authenticator';

/** While Redis is away a ticket cannot be checked; the upgrade is refused rather than left hanging. */
const TAKE_TIMEOUT_MS = 2000;

export class RedisTickets implements SharedTickets {
  constructor(
    private readonly redis: Redis,
    private readonly keyOf: (ticket: string) => string
  ) {}

  async put(ticket: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.keyOf(ticket), '1', 'PX', ttlMs);
  }

  /** GETDEL: valid once, even when two gateways receive the same ticket at the same instant. */
  async take(ticket: string): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), TAKE_TIMEOUT_MS);
    });
    try {
      return (await Promise.race([this.redis.getdel(this.keyOf(ticket)), timeout])) !== null;
    } finally {
      clearTimeout(timer);
    }
  }
}
