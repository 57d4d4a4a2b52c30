/**
 * MPEG-TS → fragmented MP4 without a child process: demux an HLS segment into H.264/AAC samples
 * (demuxTs), then write an init section once per configuration (tsInit) and one fragment per segment
 * (tsFragment). Track layout: video is track 1 (90 kHz, avc1+avcC) and audio track 2 (sample-rate
 * timescale, mp4a+esds); an audio-only stream has its audio as track 1.
 */
export { demuxTs, tsConfigSignature, tsSegmentTimes, tsTrackSignatures } from "./demux.ts";
export { tsFragment } from "./mp4-fragment.ts";
export { tsInit } from "./mp4-init.ts";
export { PesArena, PesArenaPool } from "./pes-arena.ts";
export {
  type AacConfig,
  type AudioSample,
  type AvcConfig,
  TsDemuxError,
  type TsSegment,
  type VideoSample,
} from "./types.ts";
