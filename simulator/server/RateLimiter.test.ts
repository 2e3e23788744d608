import { RateLimiter } from './RateLimiter';

describe('RateLimiter', () => {
  it('allows a burst of the per-second allowance, then refuses once and again, then exceeds', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([limiter.take(), limiter.take(), limiter.take()]).toEqual(['allowed', 'allowed', 'allowed']);
    expect(limiter.take()).toBe('limited');
    expect(limiter.take()).toBe('limited-again');
    expect(limiter.take()).toBe('limited-again');
    expect(limiter.take()).toBe('exceeded');
  });

  it('refills continuously with time', () => {
    let now = 0;
    const limiter = new RateLimiter(10, () => now);
    for (let i = 0; i < 10; i += 1) {
      limiter.take();
    }
    expect(limiter.take()).toBe('limited');
    now += 100; // one token
    expect(limiter.take()).toBe('allowed');
    expect(limiter.take()).toBe('limited');
    now += 10_000; // never more than the allowance
    const decisions = Array.from({ length: 11 }, () => limiter.take());
    expect(decisions.filter((d) => d === 'allowed')).toHaveLength(10);
  });
});
