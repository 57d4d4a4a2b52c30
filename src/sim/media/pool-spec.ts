import { createHash } from "node:crypto";
import { AUDIO_KBPS, type Variant } from "../hls/renditions.ts";
import type { Codec, SegmentFormat } from "../state.ts";

/**
 * A media pool: N consecutive segments of one rendition, rendered by ffmpeg once and reused forever.
 * Broadcast segment n is served from pool entry n mod N with its timestamps rewritten, so a stream of any
 * length costs one render per (rendition, codec, format, segment duration, bitrate). Content pools draw
 * the entry number big; ad pools are a solid colour with another tone.
 */

export interface PoolVideo {
  codec: Codec;
  /** CODECS string of the variant (the encoder uses its profile and level). */
  codecString: string;
  width: number;
  height: number;
  fps: number;
  kbps: number;
}

export interface PoolSpec {
  kind: "content" | "ad";
  /** Drawn on every frame, e.g. "720p60". */
  label: string;
  video: PoolVideo | null;
  audioKbps: number;
  format: SegmentFormat;
  segmentSeconds: number;
  entries: number;
}

/** Bump when the rendering or its output changes, so stale disk caches are not reused. */
export const MEDIA_VERSION = 2;

/**
 * Every served timeline starts here: the first video frame of segment n has PTS (10 + n·d) seconds. The
 * offset keeps MPEG-TS clocks (PCR runs a little ahead of PTS) from going negative at n = 0.
 */
export const TIMELINE_OFFSET_SECONDS = 10;

export const AUDIO_RATE = 48_000;
const AAC_FRAME = 1024;

export function poolSpecFor(variant: Variant, kind: "content" | "ad", segmentSeconds: number): PoolSpec {
  const video: PoolVideo | null =
    variant.videoCodec === null
      ? null
      : {
          codec: variant.videoCodec,
          codecString: variant.codecs.split(",")[0] as string,
          width: variant.shape.width,
          height: variant.shape.height,
          fps: variant.shape.fps,
          kbps: variant.videoKbps,
        };
  return {
    kind,
    label: variant.shape.name,
    video,
    audioKbps: AUDIO_KBPS,
    format: variant.format,
    segmentSeconds,
    entries: poolEntries(kind, segmentSeconds, video?.fps ?? 0),
  };
}

/**
 * How many entries a pool has: enough distinct numbers (≥ 16) and seconds of media (≥ 24 s) for content,
 * a few seconds for ads, at most 120 s, rounded up to a whole alignment unit so the pool's length holds a
 * whole number of video frames and AAC frames: then entry N-1 runs into entry 0 with exactly continuous
 * timestamps when the pool wraps.
 */
export function poolEntries(kind: "content" | "ad", segmentSeconds: number, fps: number): number {
  const unit = alignmentUnit(segmentSeconds, fps);
  const wanted =
    kind === "content"
      ? Math.max(16, Math.ceil(24 / segmentSeconds))
      : Math.max(4, Math.ceil(8 / segmentSeconds));
  const capped = Math.max(1, Math.min(wanted, Math.floor(120 / segmentSeconds)));
  return Math.ceil(capped / unit) * unit;
}

/** The smallest count of segments whose total duration is whole in video frames and AAC frames. */
export function alignmentUnit(segmentSeconds: number, fps: number): number {
  const whole = (x: number) => Math.abs(x - Math.round(x)) < 1e-6;
  for (let u = 1; u <= 1024; u++) {
    const seconds = u * segmentSeconds;
    if (whole((seconds * AUDIO_RATE) / AAC_FRAME) && (fps === 0 || whole(seconds * fps))) return u;
  }
  return 1;
}

export function poolKey(spec: PoolSpec): string {
  return createHash("sha1")
    .update(JSON.stringify({ v: MEDIA_VERSION, spec }))
    .digest("hex")
    .slice(0, 20);
}

/** A short readable name for logs and the state section, e.g. "content-720p60-h264-ts-2s-3300k". */
export function poolName(spec: PoolSpec): string {
  const video = spec.video ? `${spec.video.codec}-${spec.video.kbps}k` : "aac";
  return `${spec.kind}-${spec.label}-${video}-${spec.format}-${spec.segmentSeconds}s`;
}
