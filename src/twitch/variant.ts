import type { Variant } from "../hls/master-playlist.ts";

export const QUALITIES = ["source", "1080p", "720p", "480p", "360p", "audio_only"] as const;
export type Quality = (typeof QUALITIES)[number];

export interface CodecPolicy {
  /** Only H.264 renditions (for players that cannot decode anything else). */
  forceH264: boolean;
  /** Allow AV1 renditions (off by default: few devices decode AV1 in hardware). */
  enableAv1: boolean;
  /** Refuse HEVC renditions. */
  disableHevc: boolean;
}

export class NoVariantError extends Error {
  override name = "NoVariantError";
}

// At equal height and frame rate, the more efficient codec wins: same picture, fewer bytes.
const CODEC_RANK: Record<Variant["codec"], number> = { h265: 3, av1: 2, h264: 1, aac: 0 };

/**
 * Picks the rendition to record. `source` is the best allowed rendition whatever its height (1440p
 * included); a height is matched by the closest rendition at or below it, else the nearest above;
 * `audio_only` needs the audio rendition. Ties: higher frame rate, then the preferred codec, then bandwidth.
 */
export function selectVariant(variants: readonly Variant[], quality: Quality, policy: CodecPolicy): Variant {
  if (quality === "audio_only") {
    const audio = variants.find((v) => v.audioOnly);
    if (!audio) throw new NoVariantError(`no audio_only rendition (available: ${names(variants)})`);
    return audio;
  }
  const allowed = variants.filter((v) => !v.audioOnly && v.height !== null && codecAllowed(v.codec, policy));
  if (allowed.length === 0) {
    throw new NoVariantError(`no video rendition the codec policy allows (available: ${names(variants)})`);
  }
  const best = (candidates: Variant[]) => [...candidates].sort(compareBest)[0] as Variant;
  if (quality === "source") return best(allowed);

  const wanted = Number.parseInt(quality, 10);
  const atOrBelow = allowed.filter((v) => (v.height as number) <= wanted);
  if (atOrBelow.length > 0) {
    const height = Math.max(...atOrBelow.map((v) => v.height as number));
    return best(atOrBelow.filter((v) => v.height === height));
  }
  const height = Math.min(...allowed.map((v) => v.height as number));
  return best(allowed.filter((v) => v.height === height));
}

function codecAllowed(codec: Variant["codec"], policy: CodecPolicy): boolean {
  if (codec === "h264") return true;
  if (policy.forceH264) return false;
  if (codec === "h265") return !policy.disableHevc;
  if (codec === "av1") return policy.enableAv1;
  return false;
}

function compareBest(a: Variant, b: Variant): number {
  return (
    (b.height ?? 0) - (a.height ?? 0) ||
    (b.fps ?? 0) - (a.fps ?? 0) ||
    CODEC_RANK[b.codec] - CODEC_RANK[a.codec] ||
    b.bandwidth - a.bandwidth
  );
}

function names(variants: readonly Variant[]): string {
  return variants.map((v) => `${v.name} ${v.codec}`).join(", ") || "none";
}

/** The label a recording shows for its rendition, e.g. "1080p60" or "audio_only". */
export function variantLabel(variant: Variant): string {
  if (variant.audioOnly) return "audio_only";
  return `${variant.height}p${variant.fps && variant.fps > 30.5 ? Math.round(variant.fps) : ""}`;
}
