import type { DateRange, MediaPlaylist, MediaSegment } from "./media-playlist.ts";

/**
 * Twitch ad detection, as thorough as streamlink's: a segment is an ad when its EXTINF title names Amazon
 * (Twitch's ad server) or its program date-time falls inside an ad DATERANGE; a DATERANGE is an ad when its
 * CLASS is twitch-stitched-ad, its ID starts with stitched-ad-, or it carries any X-TV-TWITCH-AD-* attribute.
 * Prefetch segments after a trailing discontinuity are ads too. Discontinuities between content segments
 * (Twitch inserts spurious ones) mean nothing here.
 */

export function isAdDateRange(range: DateRange): boolean {
  return (
    range.class === "twitch-stitched-ad" ||
    range.id.startsWith("stitched-ad-") ||
    Object.keys(range.attributes).some((key) => key.startsWith("X-TV-TWITCH-AD-"))
  );
}

/** The span an ad range covers, in epoch ms; ranges without a duration fall back to the pod's filled duration. */
export function adSpan(range: DateRange): { start: number; end: number } | null {
  const filled = Number(range.attributes["X-TV-TWITCH-AD-POD-FILLED-DURATION"]);
  const seconds = range.duration ?? (Number.isFinite(filled) && filled > 0 ? filled : null);
  return seconds === null ? null : { start: range.startDate, end: range.startDate + seconds * 1000 };
}

export function isAdSegment(
  segment: Pick<MediaSegment, "title" | "programDateTime">,
  adRanges: readonly DateRange[],
): boolean {
  if (segment.title.includes("Amazon")) return true;
  const at = segment.programDateTime;
  if (at === null) return false;
  return adRanges.some((range) => {
    const span = adSpan(range);
    return span !== null && at >= span.start && at < span.end;
  });
}

export interface ClassifiedSegment extends MediaSegment {
  ad: boolean;
  /** Announced by EXT-X-TWITCH-PREFETCH, not yet a regular segment: never recorded as such. */
  prefetch: boolean;
}

/**
 * Marks every listed segment (and the prefetch ones after them) as ad or content. `knownAdRanges` are ad
 * ranges seen in earlier reloads: a range can scroll out of the playlist while its segments are still
 * listed, so the caller keeps them (see `mergeAdRanges`).
 */
export function classifySegments(
  playlist: MediaPlaylist,
  knownAdRanges: readonly DateRange[] = [],
): ClassifiedSegment[] {
  const ranges = mergeAdRanges(knownAdRanges, playlist.dateRanges);
  const listed = playlist.segments.map((segment) => ({
    ...segment,
    ad: isAdSegment(segment, ranges),
    prefetch: false,
  }));
  const last = listed.at(-1);
  if (!last || playlist.prefetch.length === 0) return listed;

  // Prefetch segments have no EXTINF: extrapolate their date and duration from the listed ones.
  const average = listed.reduce((sum, s) => sum + s.duration, 0) / listed.length;
  let date = last.programDateTime === null ? null : last.programDateTime + last.duration * 1000;
  const prefetched = playlist.prefetch.map((uri, i) => {
    const segment: ClassifiedSegment = {
      sequence: last.sequence + 1 + i,
      uri,
      duration: average,
      title: "",
      programDateTime: date,
      discontinuity: i === 0 && playlist.trailingDiscontinuity,
      map: last.map,
      ad: playlist.trailingDiscontinuity || isAdSegment({ title: "", programDateTime: date }, ranges),
      prefetch: true,
    };
    date = date === null ? null : date + average * 1000;
    return segment;
  });
  return [...listed, ...prefetched];
}

/** Ad ranges from `next` added to `known`, deduplicated by ID. */
export function mergeAdRanges(known: readonly DateRange[], next: readonly DateRange[]): DateRange[] {
  const byId = new Map(known.map((r) => [r.id, r]));
  for (const range of next) if (isAdDateRange(range)) byId.set(range.id, range);
  return [...byId.values()];
}
