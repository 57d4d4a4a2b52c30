/**
 * How many lost segments a recording may have and still count as done (pure). Lost means content the
 * broadcast had and the recording does not: a segment that failed for good, one that was not media, a
 * stretch Twitch's window dropped (a restart, a full disk, falling behind). Skipped ads are not lost.
 *
 * Strict mode fails a recording at its first lost segment. Otherwise the share of lost segments is judged
 * once, when the recording ends: a recording is never stopped mid-broadcast for it (what comes after a
 * bad stretch is worth keeping), and a share measured over a few minutes says little (one segment lost in
 * the first minute is 3%). A recording over the limit ends FAILED, its parts kept and playable.
 */
export interface GapPolicy {
  /** Share of segments that may be lost, in [0, 1). */
  maxGapRatio: number;
  /** Any lost segment fails the recording. */
  strict: boolean;
}

export const DEFAULT_GAP_POLICY: GapPolicy = { maxGapRatio: 0.01, strict: false };

export interface GapCounts {
  /** Content segments lost (every position a gap covers). */
  lost: number;
  /** Content segments in the recording's files. */
  recorded: number;
}

/** The settings' names, for the reasons users read. */
const STRICT_SETTING = "RECORDER_STRICT_GAPS";
const RATIO_SETTING = "RECORDER_MAX_GAP_RATIO";

/** Why a recording that just lost something must stop now (strict mode), or null to go on. */
export function strictBreach(counts: GapCounts, policy: GapPolicy): string | null {
  if (!policy.strict || counts.lost === 0) return null;
  const what = counts.lost === 1 ? "a segment was lost" : `${counts.lost} segments were lost`;
  return `${what} and strict gap mode allows none (${STRICT_SETTING})`;
}

/** Why a recording that ended must count as failed, or null when its losses are within the policy. */
export function endBreach(counts: GapCounts, policy: GapPolicy): string | null {
  const strict = strictBreach(counts, policy);
  if (strict) return strict;
  if (counts.lost === 0) return null;
  const ratio = counts.lost / (counts.lost + counts.recorded);
  if (ratio <= policy.maxGapRatio) return null;
  const limit = percent(policy.maxGapRatio, 2);
  // One decimal reads best; more only when one decimal would print the limit itself ("1.0%" over "1%").
  let shown = percent(ratio, 1);
  for (let digits = 2; Number.parseFloat(shown) <= Number.parseFloat(limit) && digits <= 4; digits++) {
    shown = percent(ratio, digits);
  }
  return `${shown} of segments lost (${counts.lost} of ${counts.lost + counts.recorded}), above the ${limit} limit (${RATIO_SETTING})`;
}

/** 0.032 → "3.2%", 0.01 → "1%" (trailing zeros dropped). */
function percent(ratio: number, digits: number): string {
  return `${Number((ratio * 100).toFixed(digits))}%`;
}

/** A recording stopped by its gap policy; the message is the reason users read. */
export class GapPolicyError extends Error {
  override name = "GapPolicyError";
}

/** Lost content segments in a list of gaps (positions are inclusive). */
export function lostSegments(gaps: readonly { from: number; to: number }[]): number {
  return gaps.reduce((n, g) => n + (g.to - g.from + 1), 0);
}
