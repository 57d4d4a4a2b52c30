import { Parser } from "m3u8-parser";
import { z } from "zod";

/** One rendition of a Twitch multivariant playlist, in the terms the recorder chooses by. */
export interface Variant {
  /** Twitch's name: "1080p60", "720p60", "480p", "audio_only", … (the "(source)" suffix removed). */
  name: string;
  /** Picture height, or null for audio only. */
  height: number | null;
  width: number | null;
  fps: number | null;
  /** Primary codec: the video codec, or aac for audio only. */
  codec: "h264" | "h265" | "av1" | "aac";
  codecs: string;
  bandwidth: number;
  /** The untranscoded rendition (Twitch's "chunked" group, or IVS-VARIANT-SOURCE="source"). */
  source: boolean;
  audioOnly: boolean;
  /** Absolute URL of the media playlist. */
  uri: string;
}

export class PlaylistError extends Error {
  override name = "PlaylistError";
}

const streamInf = z.object({
  attributes: z
    .object({
      BANDWIDTH: z.number({ error: "BANDWIDTH is missing" }),
      CODECS: z.string().optional(),
      RESOLUTION: z.object({ width: z.number(), height: z.number() }).optional(),
      "FRAME-RATE": z.number().optional(),
      VIDEO: z.string().optional(),
      "IVS-NAME": z.string().optional(),
      "STABLE-VARIANT-ID": z.string().optional(),
      "IVS-VARIANT-SOURCE": z.string().optional(),
    })
    .loose(),
  uri: z.string().min(1, "a variant has no URI"),
});

/**
 * Parses usher's multivariant playlist, v1 (names in EXT-X-MEDIA, source = group "chunked") or v2 (names
 * on EXT-X-STREAM-INF as IVS-NAME / STABLE-VARIANT-ID, source = IVS-VARIANT-SOURCE="source").
 */
export function parseMasterPlaylist(text: string, baseUrl: string): Variant[] {
  if (!text.trimStart().startsWith("#EXTM3U"))
    throw new PlaylistError("master playlist: not an M3U8 document");
  const parser = new Parser();
  parser.push(text);
  parser.end();
  const manifest = parser.manifest as {
    playlists?: unknown[];
    mediaGroups?: { VIDEO?: Record<string, Record<string, unknown>> };
  };
  const groups = manifest.mediaGroups?.VIDEO ?? {};
  const variants = (manifest.playlists ?? []).map((raw, index) => {
    const parsed = streamInf.safeParse(raw);
    if (!parsed.success)
      throw new PlaylistError(`master playlist: variant ${index + 1}: ${parsed.error.issues[0]?.message}`);
    const { attributes: a, uri } = parsed.data;
    const group = a.VIDEO;
    const mediaName = group ? Object.keys(groups[group] ?? {})[0] : undefined;
    const rawName = a["IVS-NAME"] ?? mediaName ?? a["STABLE-VARIANT-ID"] ?? group ?? `variant${index + 1}`;
    const codecs = a.CODECS ?? "";
    const audioOnly = isAudioOnly(rawName, group, codecs, a.RESOLUTION);
    return {
      name: rawName
        .replace(/\s*\(source\)\s*$/i, "")
        .replace(/^audio$/i, "audio_only")
        .replace(/^audio only$/i, "audio_only"),
      height: audioOnly ? null : (a.RESOLUTION?.height ?? heightFromName(rawName)),
      width: audioOnly ? null : (a.RESOLUTION?.width ?? null),
      fps: audioOnly ? null : (a["FRAME-RATE"] ?? fpsFromName(rawName)),
      codec: audioOnly ? "aac" : videoCodec(codecs),
      codecs,
      bandwidth: a.BANDWIDTH,
      source:
        group === "chunked" ||
        a["IVS-VARIANT-SOURCE"] === "source" ||
        /\(source\)/i.test(rawName) ||
        /^source$/i.test(rawName),
      audioOnly,
      uri: new URL(uri, baseUrl).toString(),
    } satisfies Variant;
  });
  if (variants.length === 0) throw new PlaylistError("master playlist: no variants");
  return variants;
}

/**
 * The broadcast a master playlist belongs to: usher names it in #EXT-X-TWITCH-INFO (v1) or in
 * #EXT-X-SESSION-DATA (v2). A new id after an end means a new broadcast, whose numbering starts over.
 */
export function broadcastIdOf(text: string): string | null {
  const info = /^#EXT-X-TWITCH-INFO:.*?\bBROADCAST-ID="([^"]+)"/m.exec(text);
  if (info) return info[1] ?? null;
  const data = /^#EXT-X-SESSION-DATA:.*?DATA-ID="BROADCAST-ID".*?VALUE="([^"]+)"/m.exec(text);
  return data?.[1] ?? null;
}

function isAudioOnly(name: string, group: string | undefined, codecs: string, resolution: unknown): boolean {
  if (/^audio(_only| only)?$/i.test(name) || group === "audio_only") return true;
  return !resolution && codecs !== "" && codecs.split(",").every((c) => c.trim().startsWith("mp4a"));
}

export function videoCodec(codecs: string): "h264" | "h265" | "av1" {
  const list = codecs.split(",").map((c) => c.trim().toLowerCase());
  if (list.some((c) => c.startsWith("hvc1") || c.startsWith("hev1"))) return "h265";
  if (list.some((c) => c.startsWith("av01"))) return "av1";
  return "h264";
}

function heightFromName(name: string): number | null {
  const m = /^(\d{3,4})p/.exec(name);
  return m ? Number(m[1]) : null;
}

function fpsFromName(name: string): number | null {
  const m = /^\d{3,4}p(\d{2})/.exec(name);
  return m ? Number(m[1]) : null;
}
