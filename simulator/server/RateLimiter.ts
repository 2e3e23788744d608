/**
 * Per-connection inbound rate limit: a token bucket of `perSecond` tokens refilled continuously.
 * `take()` says whether a message is allowed and, when it is not, whether this is the first
 * refusal of a burst (answer `RATE_LIMITED` once, not once per message) or the client kept
 * sending a whole extra second's allowance after being told (close the connection).
 */
export type RateDecision = 'allowed' | 'limited' | 'limited-again' | 'exceeded';

export class RateLimiter {
  private tokens: number;
  private last: number;
  private refusedInARow = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number
  ) {
    this.tokens = perSecond;
    this.last = now();
  }

  take(): RateDecision {
    const now = this.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.refusedInARow = 0;
      return 'allowed';
    }
    this.refusedInARow += 1;
    if (this.refusedInARow === 1) {
      return 'limited';
    }
    return this.refusedInARow > this.perSecond ? 'exceeded' : 'limited-again';
  }
}
