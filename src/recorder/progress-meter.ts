/**
 * Bytes recorded as the user sees them: never going backwards (a finished part's file can be a little
 * smaller than the segments fed into it), and the speed over the last ten seconds.
 */
export class ProgressMeter {
  private samples: { at: number; bytes: number }[] = [];
  private reported = 0;

  /** Records `bytes` at `now` (epoch ms); returns the bytes to show and the current speed (bytes per second). */
  sample(bytes: number, now: number): { bytes: number; bytesPerSecond: number } {
    const shown = Math.max(this.reported, bytes);
    this.reported = shown;
    this.samples = [...this.samples.filter((s) => now - s.at <= 10_000), { at: now, bytes: shown }];
    const oldest = this.samples[0] as { at: number; bytes: number };
    const speed = now > oldest.at ? ((shown - oldest.bytes) * 1000) / (now - oldest.at) : 0;
    return { bytes: shown, bytesPerSecond: Math.max(0, Math.round(speed)) };
  }
}
