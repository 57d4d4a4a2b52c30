import type { TsSegment } from "./types.ts";

/**
 * Track ids, fixed per stream so every fragment of one stream matches the init made from its first
 * segment: video is 1 and audio 2 when the stream has video; an audio-only stream's audio is 1.
 */
export function trackIds(seg: TsSegment): { video: number; audio: number } {
  const hasVideo = seg.declared ? seg.declared.video : seg.video !== null;
  return { video: 1, audio: hasVideo ? 2 : 1 };
}
