// Multi-part playback: a recording may be several files (parts). The player plays them one after another
// on a single timeline whose basis is the sum of the part durations; these functions map between that
// global time and (part, local time). Pure, so the sequencing rules are tested without a browser.

export interface PlayablePart {
  /** 1-based, as in the part stream URL. */
  part_index: number;
  duration_seconds: number;
}

export interface PartSpan {
  partNumber: number;
  start: number;
  end: number;
}

export interface PlaybackTimeline {
  spans: PartSpan[];
  total: number;
}

/** Parts in order with their global start and end. */
export function buildTimeline(parts: readonly PlayablePart[]): PlaybackTimeline {
  const sorted = [...parts].sort((a, b) => a.part_index - b.part_index);
  const spans: PartSpan[] = [];
  let cursor = 0;
  for (const part of sorted) {
    const duration = Math.max(0, part.duration_seconds);
    spans.push({ partNumber: part.part_index, start: cursor, end: cursor + duration });
    cursor += duration;
  }
  return { spans, total: cursor };
}

export interface Location {
  /** Index into `spans`. */
  index: number;
  partNumber: number;
  localSeconds: number;
}

/**
 * Where a global time falls. Times are clamped to the recording; a time exactly on a boundary belongs to the
 * part that starts there; the very end belongs to the last part.
 */
export function locate(timeline: PlaybackTimeline, globalSeconds: number): Location | null {
  const { spans, total } = timeline;
  if (spans.length === 0) return null;
  const t = Math.min(Math.max(0, Number.isFinite(globalSeconds) ? globalSeconds : 0), total);
  let index = spans.findIndex((span) => t >= span.start && t < span.end);
  if (index === -1) index = spans.length - 1;
  const span = spans[index] as PartSpan;
  return {
    index,
    partNumber: span.partNumber,
    localSeconds: Math.min(t - span.start, span.end - span.start),
  };
}

/** Global time from a position inside part `index`. */
export function toGlobal(timeline: PlaybackTimeline, index: number, localSeconds: number): number {
  const span = timeline.spans[index];
  return span ? span.start + Math.max(0, localSeconds) : 0;
}

/**
 * What a seek on the one timeline does while part `currentIndex` is loaded: move inside that part, or load
 * the part the time falls in (`loadsPart`) and start it at `localSeconds`. `global` is where the seek lands
 * (clamped to the recording). Null when there is nothing to play.
 */
export interface SeekPlan extends Location {
  global: number;
  loadsPart: boolean;
}

export function seekPlan(
  timeline: PlaybackTimeline,
  currentIndex: number,
  globalSeconds: number,
): SeekPlan | null {
  const at = locate(timeline, globalSeconds);
  if (!at) return null;
  return {
    ...at,
    global: toGlobal(timeline, at.index, at.localSeconds),
    loadsPart: at.index !== currentIndex,
  };
}

/** The part to play when part `index` ends, or null at the end of the recording. */
export function nextPartIndex(timeline: PlaybackTimeline, index: number): number | null {
  return index + 1 < timeline.spans.length ? index + 1 : null;
}

/**
 * Where playback starts: a deep link (`?t=`) wins; otherwise the saved position, unless it is within the
 * first or last 5 seconds or the video was finished (then from the start).
 */
export function startPosition(opts: {
  deepLink: number | undefined;
  saved: number | null | undefined;
  completed: boolean;
  total: number;
}): number {
  const { deepLink, saved, completed, total } = opts;
  if (deepLink !== undefined) return Math.min(Math.max(0, deepLink), total);
  if (completed || !saved || saved <= 5 || saved >= total - 5) return 0;
  return saved;
}

/** `?t=` accepts seconds ("90"), clock time ("1:02:03") or units ("1h2m3s"); anything else is ignored. */
export function parseTimeParam(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
  if (typeof value !== "string" || value.length > 20) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const clock = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(value);
  if (clock) return Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  const units = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
  if (units && value !== "")
    return Number(units[1] ?? 0) * 3600 + Number(units[2] ?? 0) * 60 + Number(units[3] ?? 0);
  return undefined;
}

/** This page's address pointing at `seconds` (whole seconds, `?t=`), for "Copy link at this time". */
export function linkAtTime(href: string, seconds: number): string {
  const url = new URL(href);
  url.search = `?t=${Math.floor(Math.max(0, Number.isFinite(seconds) ? seconds : 0))}`;
  return url.toString();
}

/**
 * What a finished video plays: the continuous playback file once the server has built it (one part spanning
 * the recording), else its finished parts, sequenced by the player.
 */
export function playbackSource(
  parts: readonly (PlayablePart & { finalized_at: string | null })[],
  artifact: { status: string; duration_seconds: number | null } | null,
): { parts: PlayablePart[]; fromArtifact: boolean } {
  const finalized = parts.filter((p) => p.finalized_at !== null);
  if (artifact?.status !== "ready") return { parts: finalized, fromArtifact: false };
  const duration = artifact.duration_seconds ?? buildTimeline(finalized).total;
  return { parts: [{ part_index: 1, duration_seconds: duration }], fromArtifact: true };
}
