import type { ServerSettings } from "../domain/ops.ts";
import type { VideoDetail, VideoPart } from "../domain/videos.ts";
import { storageLayout } from "../storage/layout.ts";

/**
 * Which recordings the playback cache joins into one file, and how (pure). A recording qualifies when it
 * is finished and made of two or more parts, numbered without holes, that a copy can join: same container,
 * codec, quality, frame rate and segment format. The cache never re-encodes.
 */

export type CacheSettings = Pick<
  ServerSettings,
  "playback_cache_enabled" | "playback_cache_max_percent" | "playback_cache_auto_generate"
>;

/** What asks for a build: a viewer opening the recording, or someone pressing "Build single file". */
export type BuildTrigger = "open" | "request";

/** Why the settings let no build start, or null when they do. */
export function settingsRefusal(settings: CacheSettings, trigger: BuildTrigger): string | null {
  if (!settings.playback_cache_enabled) return "the playback cache is off: turn it on in System › Playback";
  if (settings.playback_cache_max_percent <= 0)
    return "the playback cache's size limit is 0 %: raise it in System › Playback";
  if (trigger === "open" && !settings.playback_cache_auto_generate)
    return "building on first play is off (System › Playback)";
  return null;
}

export type BuildPlan =
  | {
      kind: "build";
      /** In order. */
      parts: VideoPart[];
      /** Storage key and file name (the database's) of the single file. */
      key: string;
      filename: string;
      mimeType: "video/mp4" | "audio/mp4";
      /** The parts' summed size: what the file will take, near enough. */
      estimatedBytes: number;
      /** The parts' summed duration: the file's, and the basis of the progress. */
      totalSeconds: number;
    }
  /** Nothing to build, and nothing to record about it (not finished, a single file already). */
  | { kind: "skip"; reason: string }
  /** The parts cannot be joined by a copy: recorded as `unavailable`, with this reason. */
  | { kind: "unavailable"; reason: string };

const extensionOf = (filename: string) => /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? "";

/** What must match for a copy to join two parts, named as the reason says it. */
const JOINED_BY_COPY: [string, (p: VideoPart) => string][] = [
  ["container", (p) => extensionOf(p.filename)],
  ["codec", (p) => p.codec],
  ["quality", (p) => p.quality],
  ["frame rate", (p) => (p.fps === null ? "unknown" : String(p.fps))],
  ["segment format", (p) => p.segment_format],
];

export function planBuild(video: VideoDetail): BuildPlan {
  if (video.deleted_at !== null) return { kind: "skip", reason: "the recording was removed" };
  if (video.status !== "DONE") return { kind: "skip", reason: "the recording is not finished" };
  const parts = [...video.parts].sort((a, b) => a.part_index - b.part_index);
  if (parts.length < 2) return { kind: "skip", reason: "the recording is a single file already" };
  for (const [i, part] of parts.entries()) {
    if (part.part_index !== i + 1)
      return { kind: "unavailable", reason: `part ${i + 1} is missing: the parts do not follow each other` };
    if (part.finalized_at === null)
      return { kind: "unavailable", reason: `part ${part.part_index} was never finished` };
  }
  const first = parts[0] as VideoPart;
  const ext = extensionOf(first.filename);
  if (ext !== "mp4" && ext !== "m4a")
    return { kind: "unavailable", reason: `part 1 is a .${ext} file; only MP4 parts are joined` };
  for (const part of parts.slice(1)) {
    for (const [name, value] of JOINED_BY_COPY) {
      if (value(part) !== value(first))
        return {
          kind: "unavailable",
          reason: `part ${part.part_index} differs from part 1 in ${name} (${value(part)}, not ${value(first)}): joining them would need re-encoding`,
        };
    }
  }
  const key = storageLayout.playback(video.filename, ext);
  return {
    kind: "build",
    parts,
    key,
    filename: key.slice(key.lastIndexOf("/") + 1),
    mimeType: ext === "m4a" ? "audio/mp4" : "video/mp4",
    estimatedBytes: parts.reduce((sum, p) => sum + p.size_bytes, 0),
    totalSeconds: parts.reduce((sum, p) => sum + p.duration_seconds, 0),
  };
}
