import { Parser } from "m3u8-parser";
import { z } from "zod";
import { parseAttributeList } from "./attributes.ts";
import { PlaylistError } from "./master-playlist.ts";

export interface MediaSegment {
  /** Media sequence number (EXT-X-MEDIA-SEQUENCE + position). */
  sequence: number;
  /** Absolute URL. */
  uri: string;
  /** EXTINF duration, seconds. */
  duration: number;
  /** EXTINF title: "live" for content, "Amazon|<creative>" for Twitch ads. */
  title: string;
  /** EXT-X-PROGRAM-DATE-TIME in epoch ms, when given. */
  programDateTime: number | null;
  /** An EXT-X-DISCONTINUITY precedes this segment. */
  discontinuity: boolean;
  /** Absolute URL of the EXT-X-MAP init section (fMP4), or null for MPEG-TS. */
  map: string | null;
}

export interface DateRange {
  id: string;
  class: string | null;
  /** Epoch ms. */
  startDate: number;
  /** Seconds, when given. */
  duration: number | null;
  /** Every attribute as written (X-TV-TWITCH-AD-ROLL-TYPE, …). */
  attributes: Record<string, string | number>;
}

export interface MediaPlaylist {
  targetDuration: number;
  mediaSequence: number;
  /** EXT-X-TWITCH-LIVE-SEQUENCE: counts from the broadcast's start, unlike MEDIA-SEQUENCE. */
  liveSequence: number | null;
  endList: boolean;
  segments: MediaSegment[];
  /** EXT-X-TWITCH-PREFETCH URLs (low-latency): segments announced before they are listed. */
  prefetch: string[];
  dateRanges: DateRange[];
  /** An EXT-X-DISCONTINUITY after the last listed segment: what follows (prefetch) starts a new period. */
  trailingDiscontinuity: boolean;
  format: "ts" | "fmp4";
}

/** Larger bodies are not playlists Twitch would send; refuse rather than parse megabytes. */
const MAX_BYTES = 1024 * 1024;
const MAX_SEGMENTS = 10_000;

const manifestShape = z.object({
  targetDuration: z
    .number({ error: "EXT-X-TARGETDURATION is missing" })
    .positive("EXT-X-TARGETDURATION must be positive"),
  mediaSequence: z.number().int().nonnegative().optional(),
  endList: z.boolean().optional(),
  segments: z
    .array(
      z.object({
        uri: z.string().min(1),
        duration: z.number(),
        title: z.string().optional(),
        programDateTime: z.number().optional(),
        discontinuity: z.boolean().optional(),
        map: z.object({ uri: z.string().optional() }).optional(),
      }),
    )
    .max(MAX_SEGMENTS, `more than ${MAX_SEGMENTS} segments`),
});

/**
 * Parses a live media playlist into what the recorder needs, refusing what it cannot record
 * (encryption/DRM, byte ranges, LL-HLS parts, an init section without URI) with a message that says why.
 */
export function parseMediaPlaylist(text: string, baseUrl: string): MediaPlaylist {
  if (text.length > MAX_BYTES) throw new PlaylistError(`media playlist: larger than ${MAX_BYTES} bytes`);
  if (!text.trimStart().startsWith("#EXTM3U"))
    throw new PlaylistError("media playlist: not an M3U8 document");
  rejectUnsupported(text);

  const parser = new Parser();
  parser.push(text);
  parser.end();
  const checked = manifestShape.safeParse(parser.manifest);
  if (!checked.success) throw new PlaylistError(`media playlist: ${checked.error.issues[0]?.message}`);
  const manifest = checked.data;
  const mediaSequence = manifest.mediaSequence ?? 0;

  const segments = manifest.segments.map((s, i) => ({
    sequence: mediaSequence + i,
    uri: new URL(s.uri, baseUrl).toString(),
    duration: s.duration,
    title: s.title ?? "",
    programDateTime: s.programDateTime ?? null,
    discontinuity: s.discontinuity === true,
    map: s.map?.uri ? new URL(s.map.uri, baseUrl).toString() : null,
  }));

  const prefetch: string[] = [];
  const dateRanges: DateRange[] = [];
  let liveSequence: number | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith("#EXT-X-TWITCH-PREFETCH:")) {
      prefetch.push(new URL(line.slice("#EXT-X-TWITCH-PREFETCH:".length).trim(), baseUrl).toString());
    } else if (line.startsWith("#EXT-X-TWITCH-LIVE-SEQUENCE:")) {
      const value = Number(line.slice("#EXT-X-TWITCH-LIVE-SEQUENCE:".length));
      if (Number.isInteger(value)) liveSequence = value;
    } else if (line.startsWith("#EXT-X-DATERANGE:")) {
      const range = toDateRange(parseAttributeList(line.slice("#EXT-X-DATERANGE:".length)));
      if (range) dateRanges.push(range);
    }
  }

  return {
    targetDuration: manifest.targetDuration,
    mediaSequence,
    liveSequence,
    endList: manifest.endList === true,
    segments,
    prefetch,
    dateRanges,
    trailingDiscontinuity: hasTrailingDiscontinuity(text),
    format: segments.some((s) => s.map) || /#EXT-X-MAP:/.test(text) ? "fmp4" : "ts",
  };
}

function hasTrailingDiscontinuity(text: string): boolean {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const lastUri = lines.findLastIndex((l) => l !== "" && !l.startsWith("#"));
  return lines.slice(lastUri + 1).includes("#EXT-X-DISCONTINUITY");
}

function rejectUnsupported(text: string): void {
  const key = /^#EXT-X-KEY:(.*)$/m.exec(text);
  if (key) {
    const attrs = parseAttributeList(key[1] ?? "");
    if (attrs.METHOD !== "NONE") {
      const drm = /com\.apple\.streamingkeydelivery|com\.microsoft\.playready|urn:uuid:edef8ba9/i.test(
        key[1] ?? "",
      );
      throw new PlaylistError(
        `media playlist: ${drm ? "DRM-protected" : `encrypted (${attrs.METHOD})`}; cannot record`,
      );
    }
  }
  if (/^#EXT-X-BYTERANGE:/m.test(text))
    throw new PlaylistError("media playlist: byte-range segments are not supported");
  if (/^#EXT-X-(PART|PRELOAD-HINT):/m.test(text)) {
    throw new PlaylistError("media playlist: LL-HLS partial segments are not supported");
  }
  const map = /^#EXT-X-MAP:(.*)$/m.exec(text);
  if (map && !parseAttributeList(map[1] ?? "").URI)
    throw new PlaylistError("media playlist: EXT-X-MAP without URI");
}

function toDateRange(attrs: Record<string, string | number>): DateRange | null {
  const start = Date.parse(String(attrs["START-DATE"] ?? ""));
  if (typeof attrs.ID !== "string" || Number.isNaN(start)) return null;
  const end = attrs["END-DATE"] ? Date.parse(String(attrs["END-DATE"])) : Number.NaN;
  const duration =
    typeof attrs.DURATION === "number" ? attrs.DURATION : Number.isNaN(end) ? null : (end - start) / 1000;
  return {
    id: attrs.ID,
    class: typeof attrs.CLASS === "string" ? attrs.CLASS : null,
    startDate: start,
    duration,
    attributes: attrs,
  };
}
