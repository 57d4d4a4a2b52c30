/**
 * Helix's token bucket: `limit` points that refill continuously over a minute; each request costs one.
 * Pure, with time passed in, so the arithmetic is testable; the caller keeps one bucket per app or user.
 */
export interface Bucket {
  points: number;
  /** Epoch ms of the last update. */
  at: number;
}

export interface Take {
  allowed: boolean;
  bucket: Bucket;
  /** Whole points left after this request. */
  remaining: number;
  /** Epoch ms at which the bucket is full again. */
  resetAt: number;
}

export const RATE_LIMIT_POINTS = 800;
const WINDOW_MS = 60_000;

export function takePoint(
  previous: Bucket | undefined,
  now: number,
  limit = RATE_LIMIT_POINTS,
  windowMs = WINDOW_MS,
): Take {
  const refilled = previous
    ? Math.min(limit, previous.points + ((now - previous.at) * limit) / windowMs)
    : limit;
  const allowed = refilled >= 1;
  const points = allowed ? refilled - 1 : refilled;
  return {
    allowed,
    bucket: { points, at: now },
    remaining: Math.floor(points),
    resetAt: now + Math.ceil(((limit - points) * windowMs) / limit),
  };
}

/**
 * The buckets by key (one per app, one per user of an app), on the real clock: a rate is about real requests.
 * Helix's refill over a minute by default; IGDB's bucket is 4 a second.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => number = Date.now,
    readonly limit = RATE_LIMIT_POINTS,
    private readonly windowMs = WINDOW_MS,
  ) {}

  take(key: string): Take {
    const take = takePoint(this.buckets.get(key), this.now(), this.limit, this.windowMs);
    this.buckets.set(key, take.bucket);
    return take;
  }
}
