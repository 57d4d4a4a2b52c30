/** At most `limit` restarts within `windowMs`: a part whose ffmpeg keeps dying ends instead of looping. */
export class RestartBudget {
  private times: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Whether one more restart fits at `now` (epoch ms); it is counted if so. */
  allow(now: number): boolean {
    this.times = this.times.filter((t) => now - t < this.windowMs);
    if (this.times.length >= this.limit) return false;
    this.times.push(now);
    return true;
  }
}
