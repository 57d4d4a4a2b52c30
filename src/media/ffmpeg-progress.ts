/**
 * ffmpeg's `-progress` output: blocks of `key=value` lines, each ending with `progress=continue` (or
 * `progress=end`). The position written so far is `out_time_us` (microseconds; `N/A` before the first
 * packet). `out_time_ms` is also microseconds, despite its name, so it is not read.
 */

/** The position of one progress line in seconds, or null when the line says nothing about it. */
export function progressSeconds(line: string): number | null {
  const eq = line.indexOf("=");
  if (eq < 0) return null;
  const key = line.slice(0, eq).trim();
  const value = line.slice(eq + 1).trim();
  if (key === "out_time_us") {
    if (!/^-?\d+$/.test(value)) return null;
    return Math.max(0, Number(value) / 1_000_000);
  }
  if (key === "out_time") {
    const m = /^(-)?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value);
    if (!m) return null;
    if (m[1]) return 0;
    return Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
  }
  return null;
}

/**
 * Reads the stream of progress text as it comes (chunks split lines anywhere) and reports the share of
 * `totalSeconds` written, never going backwards and never above 1.
 */
export class ProgressReader {
  private pending = "";
  private best = 0;

  constructor(
    private readonly totalSeconds: number,
    private readonly onProgress: (fraction: number) => void,
  ) {}

  push(text: string): void {
    const lines = (this.pending + text).split(/\r?\n/);
    this.pending = lines.pop() ?? "";
    for (const line of lines) this.line(line);
  }

  /** The last line, if the stream ended without a newline. */
  end(): void {
    if (this.pending) this.line(this.pending);
    this.pending = "";
  }

  private line(line: string): void {
    const seconds = progressSeconds(line);
    if (seconds === null || this.totalSeconds <= 0) return;
    const fraction = Math.min(1, seconds / this.totalSeconds);
    if (fraction <= this.best) return;
    this.best = fraction;
    this.onProgress(fraction);
  }
}
