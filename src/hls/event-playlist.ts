/**
 * Writes the HLS media playlist of a recording (RFC 8216): every part's fragments as byte ranges of the
 * part file, the parts one after the other with a discontinuity between them (each has its own init
 * section and timestamps from zero). An EVENT playlist: it only grows while the video records, and it ends
 * (EXT-X-ENDLIST) once the video is done, so players follow the live edge, may seek back anywhere, and
 * stop following at the end.
 */

export interface PlaylistPart {
  /** The part's bytes, relative to the playlist's URL. */
  uri: string;
  /** Bytes [0, initLength) are its init section. */
  initLength: number;
  fragments: readonly { offset: number; length: number; duration: number }[];
}

export function eventPlaylist(parts: readonly PlaylistPart[], ended: boolean): string {
  const listed = parts.filter((p) => p.fragments.length > 0);
  const lines = [
    "#EXTM3U",
    // 6: EXT-X-MAP in a playlist that is not I-frames only (byte ranges need 4).
    "#EXT-X-VERSION:6",
    `#EXT-X-TARGETDURATION:${targetDuration(listed)}`,
    "#EXT-X-MEDIA-SEQUENCE:0",
    "#EXT-X-PLAYLIST-TYPE:EVENT",
    // Every video fragment starts on a keyframe; audio frames all decode alone.
    "#EXT-X-INDEPENDENT-SEGMENTS",
  ];
  for (const [i, part] of listed.entries()) {
    if (i > 0) lines.push("#EXT-X-DISCONTINUITY");
    lines.push(`#EXT-X-MAP:URI="${part.uri}",BYTERANGE="${part.initLength}@0"`);
    for (const fragment of part.fragments) {
      lines.push(
        `#EXTINF:${fragment.duration.toFixed(3)},`,
        `#EXT-X-BYTERANGE:${fragment.length}@${fragment.offset}`,
        part.uri,
      );
    }
  }
  if (ended) lines.push("#EXT-X-ENDLIST");
  return `${lines.join("\n")}\n`;
}

/**
 * Every EXTINF rounded to the nearest integer must be at most the target duration (RFC 8216 §4.3.3.1).
 * Players reload a live playlist about once per target duration, so it is not padded: 2 s fragments give
 * a reload every 2 s.
 */
export function targetDuration(parts: readonly PlaylistPart[]): number {
  let longest = 1;
  for (const part of parts)
    for (const fragment of part.fragments) longest = Math.max(longest, Math.round(fragment.duration));
  return longest;
}
