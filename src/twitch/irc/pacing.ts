/**
 * How fast the chat connection may act: JOINs under Twitch's rate limit, and reconnects spaced by backoff.
 * Pure (times are passed in), so both are table-tested without a socket.
 */

/**
 * Twitch's limit for an account that is not a verified bot, anonymous `justinfan` logins included:
 * 20 join attempts per 10 seconds per user, each channel of a `JOIN #a,#b` counting as one
 * (https://dev.twitch.tv/docs/chat/#rate-limits; the same page allows 20 authentication attempts, a PASS
 * and NICK pair, per 10 seconds, which the reconnect backoff keeps us far below). Twitch does not say
 * when its bucket refills, so the limiter is a sliding window: at no instant did the last `windowMs` see
 * more than `count` channels joined.
 */
export interface JoinRateLimit {
  count: number;
  windowMs: number;
}

export const TWITCH_JOIN_LIMIT: JoinRateLimit = { count: 20, windowMs: 10_000 };

/** A sliding window of the last joins' times: never more than `count` entries, so memory stays flat. */
export class JoinLimiter {
  private readonly sent: number[] = [];

  constructor(private readonly limit: JoinRateLimit = TWITCH_JOIN_LIMIT) {}

  /** How many channels may be joined at `now` (monotonic ms). */
  available(now: number): number {
    this.forget(now);
    return this.limit.count - this.sent.length;
  }

  /** Counts `n` channels joined at `now`; the caller asked `available` first. */
  take(now: number, n: number): void {
    this.forget(now);
    for (let i = 0; i < n && this.sent.length < this.limit.count; i++) this.sent.push(now);
  }

  /** Milliseconds from `now` until one more channel may be joined (0 when one may already). */
  waitMs(now: number): number {
    if (this.available(now) > 0) return 0;
    return (this.sent[0] as number) + this.limit.windowMs - now;
  }

  private forget(now: number): void {
    while (this.sent.length > 0 && (this.sent[0] as number) + this.limit.windowMs <= now) this.sent.shift();
  }
}

/**
 * JOIN lines for `logins`, several channels a line (`JOIN #a,#b`), each line under `maxLength` characters
 * (IRC's 512 bytes, CRLF included, minus a margin).
 */
export function joinLines(command: "JOIN" | "PART", logins: string[], maxLength = 500): string[] {
  const lines: string[] = [];
  let current = "";
  for (const login of logins) {
    const channel = `#${login}`;
    if (current && current.length + 1 + channel.length > maxLength) {
      lines.push(current);
      current = "";
    }
    current = current ? `${current},${channel}` : `${command} ${channel}`;
  }
  if (current) lines.push(current);
  return lines;
}

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** A session that stayed up at least this long was healthy: the next wait starts over at `initialMs`. */
  healthyMs: number;
}

export const CHAT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, healthyMs: 60_000 };

/**
 * Reconnect delays: `initialMs` doubling per failure up to `maxMs`, each drawn between half and all of
 * that ("equal jitter"), so replayd instances cut off together by a Twitch outage do not come back in
 * step; a healthy session starts the sequence over.
 */
export class ReconnectBackoff {
  private failures = 0;

  constructor(
    private readonly policy: BackoffPolicy = CHAT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** How long to wait after a session that lasted `sessionMs` (0 when it never came up). */
  next(sessionMs: number): number {
    if (sessionMs >= this.policy.healthyMs) this.failures = 0;
    const ceiling = Math.min(this.policy.maxMs, this.policy.initialMs * 2 ** this.failures);
    this.failures = Math.min(this.failures + 1, 30);
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }
}
