// The remuxer scenario's figures as a table, and the conclusion they lead to, written from the figures
// (so it changes when they do).
import type { MediaCheck, StreamKind, StreamTimes } from "./media-checks.ts";
import { INPUT } from "./remux-input.ts";
import type { Cell, Table } from "./results.ts";
import { round } from "./stats.ts";

export type RemuxFigures =
  | { name: string; available: false; reason: string }
  | {
      name: string;
      available: true;
      cpu_ms_per_media_s: number;
      /** Input megabytes remuxed per wall-clock second. */
      mb_per_s: number;
      heap_growth_mb: number | null;
      rss_growth_mb: number | null;
      peak_rss_mb: number;
      output_mb: number;
      check: MediaCheck;
      code_lines: number | null;
      dependency_mb: number | null;
      dependency_note: string;
    };

export type Available = Extract<RemuxFigures, { available: true }>;
/** What a remuxer costs to keep: its code and what it brings along. */
export type CodeSize = Pick<Available, "code_lines" | "dependency_mb" | "dependency_note">;

const FRAME = 1 / INPUT.fps;
const KINDS: StreamKind[] = ["video", "audio"];
/** "video / audio" seconds of one measure, for a table cell. */
const both = (check: MediaCheck, pick: (t: StreamTimes) => number) =>
  KINDS.map((k) => {
    const t = check.streams[k];
    return t ? String(round(pick(t), 3)) : "–";
  }).join(" / ");

/**
 * What is wrong with an output, in words: `media` when it does not decode cleanly or a stream's packets do
 * not span the input's (within a frame), `header` when only a duration its header declares is off. Both
 * empty: valid.
 */
export function problems(check: MediaCheck, reference: MediaCheck): { media: string[]; header: string[] } {
  const media: string[] = [];
  const header: string[] = [];
  if (check.decodeErrors)
    media.push(`ffmpeg reports errors decoding it (${check.decodeErrors.split("\n")[0]})`);
  for (const kind of KINDS) {
    const want = reference.streams[kind]?.span;
    if (want === undefined) continue;
    const got = check.streams[kind];
    if (!got) {
      media.push(`it has no ${kind}`);
      continue;
    }
    if (!(Math.abs(got.span - want) <= FRAME))
      media.push(`its ${kind} packets span ${round(got.span, 3)} s for ${round(want, 3)} s of input`);
    if (!(Math.abs(got.declared - want) <= FRAME))
      header.push(
        `ffprobe reads a ${kind} duration of ${round(got.declared, 3)} s for ${round(want, 3)} s of input`,
      );
  }
  return { media, header };
}

function validity(check: MediaCheck, reference: MediaCheck): "yes" | "no (header)" | "no" {
  const found = problems(check, reference);
  return found.media.length ? "no" : found.header.length ? "no (header)" : "yes";
}

/** CPU seconds per stream-hour from CPU ms per media-second: the unit of the recording-cost tables. */
const perStreamHour = (msPerMediaSecond: number) => (msPerMediaSecond * 3600) / 1000;

export function remuxSummary(figures: RemuxFigures[], reference: MediaCheck) {
  const table: Table = {
    title: "Remuxers on the same segments (medians over runs)",
    columns: [
      "implementation",
      "CPU ms / media-second",
      "CPU s / stream-hour",
      "MB/s",
      "heap growth MB",
      "RSS growth MB",
      "peak RSS MB",
      "ffmpeg decode errors",
      "ffprobe duration s (video / audio)",
      `packet span s (video / audio; input ${both(reference, (t) => t.span)})`,
      "valid",
      "lines of code",
      "dependency MB",
    ],
    rows: figures.map((f): Cell[] => {
      if (!f.available) return [f.name, `not available: ${f.reason}`, ...Array(11).fill(null)];
      return [
        f.name,
        round(f.cpu_ms_per_media_s, 3),
        round(perStreamHour(f.cpu_ms_per_media_s), 2),
        round(f.mb_per_s, 1),
        f.heap_growth_mb === null ? null : round(f.heap_growth_mb, 1),
        f.rss_growth_mb === null ? null : round(f.rss_growth_mb, 1),
        round(f.peak_rss_mb, 1),
        f.check.decodeErrors ? f.check.decodeErrors.split("\n").length : 0,
        both(f.check, (t) => t.declared),
        both(f.check, (t) => t.span),
        validity(f.check, reference),
        f.code_lines,
        f.dependency_mb === null ? null : round(f.dependency_mb, 2),
      ];
    }),
    note:
      "CPU: user + system time (process.cpuUsage in the worker; the child's rusage for ffmpeg, start-up included) per second of media remuxed; per stream-hour is the same × 3.6, the unit of the recording-cost tables. " +
      "MB/s: input bytes per wall-clock second. Heap and RSS growth: from after the warm-up pass to after the last run, both after a full garbage collection (a remuxer that keeps state per segment grows). Peak RSS includes the 46 MB of input held in memory. " +
      `Valid: \`ffmpeg -v error -i out.mp4 -f null -\` prints nothing, and for video and audio both the duration ffprobe reads and the span of the packets are within one frame (${round(FRAME * 1000, 1)} ms) of the input stream's packet span; "no (header)": the media is sound but the duration the header declares is not. ` +
      `Lines of code: src/media/ts without its tests for ours; for mux.js the lines of JavaScript it loads (from require.cache). Dependency MB: the package and its dependencies on disk. ` +
      figures
        .filter((f): f is Available => f.available)
        .map((f) => `${f.name}: ${f.dependency_note}.`)
        .join(" "),
  };
  return { tables: [table], targets: [], conclusion: conclude(figures, reference) };
}

/** The paragraph under the table: what the figures say about which remuxer to run. */
export function conclude(figures: RemuxFigures[], reference: MediaCheck): string {
  const byName = (name: string) => figures.find((f) => f.name === name);
  const ours = byName("replayd");
  const muxjs = byName("mux.js");
  const ffmpeg = byName("ffmpeg -c copy");
  const cost = (f: Available) =>
    `${round(f.cpu_ms_per_media_s, 2)} ms of CPU per media-second (${round(perStreamHour(f.cpu_ms_per_media_s), 1)} CPU s per stream-hour, ${round((f.cpu_ms_per_media_s * 50) / 10, 1)}% of one core for 50 streams)`;
  const times = (a: Available, b: Available) => `${round(a.cpu_ms_per_media_s / b.cpu_ms_per_media_s, 2)}×`;
  const sentences: string[] = [];
  for (const f of figures) {
    if (!f.available) {
      sentences.push(`${f.name} is not available here (${f.reason}).`);
      continue;
    }
    const wrong = problems(f.check, reference);
    const verdict = wrong.media.length
      ? `, but its output is not valid: ${[...wrong.media, ...wrong.header].join("; ")}`
      : wrong.header.length
        ? `; its media is sound (it decodes cleanly and its packets span the input) but its header is not: ${wrong.header.join("; ")}, so the part file's tracks would need their durations rewritten`
        : ", and its output is valid";
    sentences.push(`${f.name} costs ${cost(f)}${verdict}.`);
  }
  /** Usable: valid, or only its declared duration off (a header the recorder can rewrite). */
  const valid = (f: RemuxFigures | undefined): f is Available =>
    f?.available === true && problems(f.check, reference).media.length === 0;
  if (ours?.available && muxjs?.available)
    sentences.push(
      `Ours costs ${times(ours, muxjs)} mux.js's CPU in ${ours.code_lines} lines with no dependency, against the ${muxjs.code_lines} lines mux.js loads from ${round(muxjs.dependency_mb ?? 0, 1)} MB on disk.`,
    );
  if (ffmpeg?.available)
    for (const f of [ours, muxjs])
      if (f?.available) sentences.push(`${f.name} costs ${times(f, ffmpeg)} what one ffmpeg -c copy costs.`);
  sentences.push(choice(ours, muxjs, valid, times));
  return sentences.join(" ");
}

function choice(
  ours: RemuxFigures | undefined,
  muxjs: RemuxFigures | undefined,
  usable: (f: RemuxFigures | undefined) => f is Available,
  times: (a: Available, b: Available) => string,
): string {
  if (usable(ours) && !usable(muxjs))
    return "Choice: our remuxer: the only in-process one whose output is sound here, with no dependency.";
  if (usable(ours) && usable(muxjs))
    return ours.cpu_ms_per_media_s <= muxjs.cpu_ms_per_media_s * 1.1
      ? `Choice: our remuxer: ${ours.cpu_ms_per_media_s <= muxjs.cpu_ms_per_media_s ? "cheaper than" : "within 10% of"} mux.js (${times(ours, muxjs)} its CPU), and no dependency.`
      : `Choice: weigh mux.js's lower CPU (ours costs ${times(ours, muxjs)} as much) against its dependency; ours is the one to make faster.`;
  if (usable(muxjs))
    return ours?.available
      ? "Choice, for now: mux.js: ours does not yet produce a sound file."
      : "Choice, until ours can be measured: mux.js, the in-process remuxer that works here.";
  return "Choice: neither in-process remuxer produces a sound file on these segments yet: the recorder keeps ffmpeg until one does.";
}
