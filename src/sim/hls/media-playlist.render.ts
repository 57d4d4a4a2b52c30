/**
 * Serialises a live media playlist in Twitch's shape: version, target duration, the two sequence counters,
 * the bookkeeping DATERANGEs, then per segment its DATERANGEs, discontinuity, init map, program date time,
 * EXTINF and URI; prefetch lines and ENDLIST last. Pure text building: what goes in comes from
 * media-window.ts.
 */

export interface DateRangeTag {
  id: string;
  cls: string;
  startMs: number;
  /** Seconds; written with 3 decimals. */
  duration?: number;
  endOnNext?: boolean;
  /** Client attributes (X-…), written as quoted strings in this order. */
  attrs: [string, string][];
}

export interface PlaylistSegment {
  sequence: number;
  startMs: number;
  /** Seconds. */
  duration: number;
  uri: string;
  /** EXTINF title: "live" or "Amazon|<creative id>". */
  title: string;
  discontinuity: boolean;
  /** EXT-X-MAP URI to (re)declare before this segment (fMP4 only). */
  map: string | null;
  dateranges: DateRangeTag[];
}

export interface MediaPlaylist {
  version: 3 | 6;
  targetDuration: number;
  mediaSequence: number;
  liveSequence: number;
  elapsedSecs: number;
  totalSecs: number;
  header: DateRangeTag[];
  segments: PlaylistSegment[];
  prefetch: string[];
  endlist: boolean;
}

export function renderMediaPlaylist(playlist: MediaPlaylist): string {
  const lines = [
    "#EXTM3U",
    `#EXT-X-VERSION:${playlist.version}`,
    `#EXT-X-TARGETDURATION:${playlist.targetDuration}`,
    `#EXT-X-MEDIA-SEQUENCE:${playlist.mediaSequence}`,
    `#EXT-X-TWITCH-LIVE-SEQUENCE:${playlist.liveSequence}`,
    `#EXT-X-TWITCH-ELAPSED-SECS:${playlist.elapsedSecs.toFixed(3)}`,
    `#EXT-X-TWITCH-TOTAL-SECS:${playlist.totalSecs.toFixed(3)}`,
    ...playlist.header.map(renderDateRange),
  ];
  for (const segment of playlist.segments) {
    lines.push(...segment.dateranges.map(renderDateRange));
    if (segment.discontinuity) lines.push("#EXT-X-DISCONTINUITY");
    if (segment.map) lines.push(`#EXT-X-MAP:URI="${segment.map}"`);
    lines.push(
      `#EXT-X-PROGRAM-DATE-TIME:${isoDate(segment.startMs)}`,
      `#EXTINF:${segment.duration.toFixed(3)},${segment.title}`,
      segment.uri,
    );
  }
  for (const uri of playlist.prefetch) lines.push(`#EXT-X-TWITCH-PREFETCH:${uri}`);
  if (playlist.endlist) lines.push("#EXT-X-ENDLIST");
  return `${lines.join("\n")}\n`;
}

export function renderDateRange(range: DateRangeTag): string {
  const parts = [`ID="${range.id}"`, `CLASS="${range.cls}"`, `START-DATE="${isoDate(range.startMs)}"`];
  if (range.duration !== undefined) parts.push(`DURATION=${range.duration.toFixed(3)}`);
  if (range.endOnNext) parts.push("END-ON-NEXT=YES");
  for (const [key, value] of range.attrs) parts.push(`${key}="${value}"`);
  return `#EXT-X-DATERANGE:${parts.join(",")}`;
}

/** ISO 8601 with milliseconds and Z, as Twitch writes dates. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}
