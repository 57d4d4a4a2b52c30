import { signedDiff } from "../mpegts.ts";
import { AudioTrack } from "./adts.ts";
import { VideoTrack } from "./h264.ts";
import { splitPes } from "./packets.ts";
import { readPesHeader } from "./pes.ts";
import type { PesArena } from "./pes-arena.ts";
import { TsDemuxError, type TsSegment } from "./types.ts";

const CLOCK = 90_000;

/**
 * Demuxes one HLS TS segment. Times: 90 kHz ticks, unwrapped across the 33-bit wrap relative to the
 * segment's first timestamp (so they may exceed 2^33 but never jump back). Throws TsDemuxError when the
 * segment is structurally unusable (see packets.ts for the corruption policy) or holds no H.264/AAC sample.
 * With an `arena` (one per recording part), the samples are views of its buffer: valid until the next
 * segment is demuxed with it.
 */
export function demuxTs(bytes: Uint8Array, arena: PesArena | null = null): TsSegment {
  const streams = splitPes(bytes, arena);
  const ordered = streams.first === "audio" ? [streams.audio, streams.video] : [streams.video, streams.audio];
  const anchor = ordered[0]?.[0] ?? ordered[1]?.[0];
  if (!anchor) throw new TsDemuxError("segment holds no H.264 or AAC data");
  const anchorHeader = readPesHeader(anchor);
  const origin = anchorHeader.dts ?? anchorHeader.pts ?? 0;
  const unwrap = (t: number) => origin + signedDiff(t, origin);

  const video = new VideoTrack();
  for (const pes of streams.video) {
    const header = readPesHeader(pes);
    if (header.pts === null) throw new TsDemuxError("video PES without a timestamp");
    const pts = unwrap(header.pts);
    video.addAccessUnit(pes as Buffer, header.payload, pts, header.dts === null ? pts : unwrap(header.dts));
  }
  const audio = new AudioTrack();
  for (const pes of streams.audio) {
    const header = readPesHeader(pes);
    audio.addPes(pes.subarray(header.payload), header.pts === null ? null : unwrap(header.pts));
  }
  const segment: TsSegment = {
    video: video.finish(streams.cut),
    audio: audio.finish(),
    declared: streams.declared,
  };
  if (!segment.video && !segment.audio)
    throw new TsDemuxError("segment holds no complete H.264 or AAC frame");
  return segment;
}

/** Seconds covered per kind: first = first dts (audio: first pts), end = last dts + last duration. */
export function tsSegmentTimes(seg: TsSegment): {
  video: { first: number; end: number } | null;
  audio: { first: number; end: number } | null;
} {
  const v = seg.video?.samples;
  const a = seg.audio?.samples;
  const vFirst = v?.[0];
  const vLast = v?.[v.length - 1];
  const aFirst = a?.[0];
  const aLast = a?.[a.length - 1];
  return {
    video: vFirst && vLast ? { first: vFirst.dts / CLOCK, end: (vLast.dts + vLast.duration) / CLOCK } : null,
    audio: aFirst && aLast ? { first: aFirst.pts / CLOCK, end: (aLast.pts + aLast.duration) / CLOCK } : null,
  };
}

/** Each track's codec configuration as a stable string (SPS/PPS and size; AAC config); null when absent. */
export function tsTrackSignatures(seg: TsSegment): { video: string | null; audio: string | null } {
  const hex = (bytes: Uint8Array) =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
  const v = seg.video?.config;
  const a = seg.audio?.config;
  return {
    video: v ? `${v.codec}/${v.width}x${v.height}/${hex(v.avcC)}` : null,
    audio: a ? `${a.codec}/${a.sampleRate}/${a.channels}/${hex(a.asc)}` : null,
  };
}

/** A stable string that changes when the codec configuration changes (SPS/PPS, resolution, AAC config, tracks). */
export function tsConfigSignature(seg: TsSegment): string {
  const { video, audio } = tsTrackSignatures(seg);
  return `video:${video ?? "-"};audio:${audio ?? "-"}`;
}
