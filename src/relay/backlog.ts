import type { Logger } from "../log/logger.ts";

/**
 * Events that waited in the relay (older than `lagMs` when they arrive) are summarised in one log line
 * per burst instead of one line each: count, time span, worst lag, and counts per subscription type.
 */
export class BacklogLog {
  private count = 0;
  private first = 0;
  private last = 0;
  private maxLagMs = 0;
  private byType: Record<string, number> = {};
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly log: Logger,
    private readonly idleMs = 2000,
  ) {}

  add(ts: number, receivedAt: number, type: string): void {
    if (this.count === 0) this.first = ts;
    this.count++;
    this.last = ts;
    this.maxLagMs = Math.max(this.maxLagMs, receivedAt - ts);
    this.byType[type] = (this.byType[type] ?? 0) + 1;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.idleMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.count === 0) return;
    this.log.info(
      {
        events: this.count,
        span_ms: this.last - this.first,
        max_lag_ms: this.maxLagMs,
        by_type: this.byType,
      },
      "relay backlog delivered",
    );
    this.count = 0;
    this.maxLagMs = 0;
    this.byType = {};
  }
}
