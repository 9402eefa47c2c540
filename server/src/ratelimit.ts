/**
 * Per-user rate limits: a token bucket per key (the viewer's id, or the client address before
 * anyone is identified). In memory, so with several instances each one counts on its own: put the
 * organisation-wide limit in the reverse proxy and keep this one as the per-instance safety net.
 */
import type { RateLimit } from './config.js';

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private sweeps = 0;

  constructor(private readonly limit: RateLimit) {
    this.perMs = limit.max / limit.windowMs;
  }

  get enabled(): boolean {
    return this.limit.max > 0;
  }

  /** Takes one token; resolves with 0 when allowed, else the ms to wait before the next one. */
  take(key: string, now = Date.now()): number {
    if (!this.enabled) return 0;
    let b = this.buckets.get(key);
    if (!b) {
      if (++this.sweeps % 1000 === 0) this.sweep(now);
      b = { tokens: this.limit.max, at: now };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(this.limit.max, b.tokens + (now - b.at) * this.perMs);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / this.perMs);
  }

  /** Forgets full buckets, so memory follows the active users, not all users ever seen. */
  private sweep(now: number): void {
    for (const [k, b] of this.buckets) if (b.tokens + (now - b.at) * this.perMs >= this.limit.max) this.buckets.delete(k);
  }
}
