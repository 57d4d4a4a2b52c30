import type { Codec, LiveSession, SegmentFormat } from "../state.ts";

/**
 * What a session's ladder offers a client: one variant per rung, with Twitch's names, codecs strings and
 * bandwidths. HEVC/AV1 ("enhanced broadcasting") channels encode their top rung and every rung above 1080p
 * in that codec, as fMP4, and usher lists those only to clients whose `supported_codecs` name the codec;
 * the lower rungs stay H.264.
 */

export interface RenditionShape {
  /** The ladder name, e.g. "720p60" or "audio_only". */
  name: string;
  width: number;
  height: number;
  fps: number;
  audioOnly: boolean;
}

export interface Variant {
  shape: RenditionShape;
  /** The transmuxed source ("chunked" on Twitch) rather than a transcode. */
  source: boolean;
  /** Video codec, or null for audio_only. */
  videoCodec: Codec | null;
  /** CODECS attribute, e.g. "avc1.4D401F,mp4a.40.2". */
  codecs: string;
  format: SegmentFormat;
  /** Video bitrate the media is encoded at (kbit/s); 0 for audio_only. */
  videoKbps: number;
  /** BANDWIDTH attribute (bit/s). */
  bandwidth: number;
}

export const AUDIO_KBPS = 160;
export const AUDIO_CODEC = "mp4a.40.2";

const WIDTHS: Record<number, number> = {
  1440: 2560,
  1080: 1920,
  936: 1664,
  900: 1600,
  720: 1280,
  480: 852,
  360: 640,
  160: 284,
};
/** Typical Twitch video bitrates (kbit/s) by height and frame rate. */
const TYPICAL_KBPS: Record<string, number> = {
  "1440p60": 9400,
  "1080p60": 6000,
  "1080p30": 4500,
  "936p60": 4800,
  "900p60": 4500,
  "720p60": 3300,
  "720p30": 2300,
  "480p30": 1300,
  "360p30": 550,
  "160p30": 180,
};

export function parseRendition(name: string): RenditionShape {
  if (name === "audio_only") return { name, width: 0, height: 0, fps: 0, audioOnly: true };
  const match = /^(\d{3,4})p(\d{2})$/.exec(name);
  if (!match) throw new Error(`rendition ${name}: expected <height>p<fps> or audio_only`);
  const height = Number(match[1]);
  const fps = Number(match[2]);
  const width = WIDTHS[height] ?? Math.round((height * 16) / 9 / 2) * 2;
  return { name, width, height, fps, audioOnly: false };
}

export interface VariantRequest {
  /** From usher's `supported_codecs`, lowercased: e.g. ["h264"], ["av1", "h265", "h264"]. */
  supportedCodecs: readonly string[];
  allowSource: boolean;
  allowAudioOnly: boolean;
}

/** The variants usher lists for this session and request, in ladder order (best first). */
export function offeredVariants(session: LiveSession, request: VariantRequest): Variant[] {
  const clientTakes = clientSupports(session.codec, request.supportedCodecs);
  return session.ladder
    .map((_, index) => variantAt(session, index))
    .filter((variant) => {
      if (variant.shape.audioOnly) return request.allowAudioOnly;
      if (variant.source && !request.allowSource) return false;
      return variant.videoCodec === "h264" || clientTakes;
    });
}

/** Whether the usher master marks this stream as enhanced (the session's own codec is not H.264). */
export function isEnhancedSession(session: LiveSession): boolean {
  return session.codec !== "h264";
}

/** The variant for a rendition name of the session's ladder, or null if the ladder has no such rung. */
export function variantFor(session: LiveSession, name: string): Variant | null {
  const index = session.ladder.indexOf(name);
  return index < 0 ? null : variantAt(session, index);
}

function variantAt(session: LiveSession, index: number): Variant {
  const shape = parseRendition(session.ladder[index] as string);
  const source = index === 0 && !shape.audioOnly;
  if (shape.audioOnly) {
    return {
      shape,
      source: false,
      videoCodec: null,
      codecs: AUDIO_CODEC,
      format: session.format,
      videoKbps: 0,
      bandwidth: AUDIO_KBPS * 1000,
    };
  }
  const enhanced = session.codec !== "h264" && (source || shape.height > 1080);
  const videoCodec: Codec = enhanced ? session.codec : "h264";
  const typical = typicalKbps(shape) * (videoCodec === "h264" ? 1 : 0.75);
  const videoKbps = Math.round(source && session.bitrate_kbps ? session.bitrate_kbps : typical);
  return {
    shape,
    source,
    videoCodec,
    codecs: `${videoCodecString(videoCodec, shape)},${AUDIO_CODEC}`,
    format: enhanced ? "fmp4" : session.format,
    videoKbps,
    // Twitch's bandwidths are odd numbers a little under the nominal rate (e.g. 3422999).
    bandwidth: (videoKbps + AUDIO_KBPS) * 1000 - 1,
  };
}

function typicalKbps(shape: RenditionShape): number {
  const known = TYPICAL_KBPS[`${shape.height}p${shape.fps}`];
  if (known) return known;
  // About 0.05 bit per pixel per frame, like Twitch's 720p60.
  return Math.max(100, Math.round((shape.width * shape.height * shape.fps * 0.05) / 1000));
}

/** RFC 6381 codec strings as Twitch writes them; the encoder is set to the same profile and level. */
export function videoCodecString(codec: Codec, shape: RenditionShape): string {
  if (codec === "hevc")
    return shape.height > 1080 ? "hev1.1.6.L150.90.0.0.0.0.0" : "hev1.1.6.L123.90.0.0.0.0.0";
  if (codec === "av1") return shape.height > 1080 ? "av01.0.12M.08" : "av01.0.09M.08";
  if (shape.height >= 1080) return "avc1.64002A";
  if (shape.height >= 720) return "avc1.4D401F";
  if (shape.height >= 360) return "avc1.4D401E";
  return "avc1.4D400C";
}

/** H.264 profile and level from an avc1 codec string, for x264. */
export function h264ProfileLevel(codecString: string): { profile: string; level: string } {
  const hex = codecString.replace(/^avc1\./, "");
  const profileIdc = Number.parseInt(hex.slice(0, 2), 16);
  const levelIdc = Number.parseInt(hex.slice(4, 6), 16);
  const profile = profileIdc === 100 ? "high" : profileIdc === 77 ? "main" : "baseline";
  return { profile, level: (levelIdc / 10).toFixed(1) };
}

function clientSupports(codec: Codec, supported: readonly string[]): boolean {
  if (codec === "h264") return true;
  const names = codec === "hevc" ? ["h265", "hevc"] : ["av1"];
  return supported.some((s) => names.includes(s));
}

/** NAME / IVS-NAME as Twitch shows them: 30 fps rungs drop the rate ("480p"), 60 fps ones keep it. */
export function displayName(shape: RenditionShape): string {
  if (shape.audioOnly) return "audio_only";
  return shape.fps === 30 ? `${shape.height}p` : shape.name;
}
