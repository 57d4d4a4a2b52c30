/** Share of segments that were lost (gaps, not ads), for a warning badge. */
export function gapRatio(done: number, gaps: number): number {
  const total = done + gaps;
  return total === 0 ? 0 : gaps / total;
}
