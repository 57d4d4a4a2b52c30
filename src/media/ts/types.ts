/**
 * The shapes the TS → fMP4 remuxer passes between its steps: a demuxed segment is plain data (codec
 * configurations and samples whose bytes are views), so the MP4 writers and the recorder need nothing else.
 */

/** The segment cannot be turned into samples we trust: the caller drops it and records a gap. */
export class TsDemuxError extends Error {
  override name = "TsDemuxError";
}

export interface AvcConfig {
  /** AVCDecoderConfigurationRecord (the body of an avcC box). */
  avcC: Uint8Array;
  width: number;
  height: number;
  /** RFC 6381 codec string, e.g. "avc1.64002a". */
  codec: string;
}

export interface AacConfig {
  /** AudioSpecificConfig. */
  asc: Uint8Array;
  sampleRate: number;
  channels: number;
  /** "mp4a.40.<object type>", e.g. "mp4a.40.2". */
  codec: string;
}

export interface VideoSample {
  /** Decode time, 90 kHz. */
  dts: number;
  /** Presentation time, 90 kHz. */
  pts: number;
  /** The access unit holds an IDR slice. */
  key: boolean;
  /** 90 kHz ticks until the next sample's dts. */
  duration: number;
  /** Bytes of `data` together. */
  size: number;
  /** AVCC: 4-byte big-endian length + NAL, as views (no copy where possible). */
  data: Uint8Array[];
}

export interface AudioSample {
  /** Presentation time, 90 kHz (fractional when 1024 samples are not a whole number of ticks, e.g. 44.1 kHz). */
  pts: number;
  /** 90 kHz ticks: 1024 × 90000 / sample rate (the MP4 writer stores 1024 sample-rate ticks). */
  duration: number;
  /** Raw AAC frame, ADTS header (and CRC) stripped. */
  data: Uint8Array;
}

export interface TsSegment {
  video: { config: AvcConfig; samples: VideoSample[] } | null;
  audio: { config: AacConfig; samples: AudioSample[] } | null;
  /**
   * The H.264 / AAC streams the PMT declares, even when this segment holds no samples of one: the track ids
   * follow from it (audio is track 2 of a stream with video, whether or not this segment has video).
   * Optional so hand-made segments work: absent, the tracks present decide.
   */
  declared?: { video: boolean; audio: boolean };
}
