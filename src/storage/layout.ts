/**
 * Where each file of a recording lives in storage, from the video's base name (`videos.filename`) and
 * numbers: the recorder writes these keys and the media routes read them, so both agree by construction
 * and no key is ever built from request text.
 */

const two = (n: number) => String(n).padStart(2, "0");

export const storageLayout = {
  /** A part's media file; the `video_parts.filename` column holds the last segment of this key. */
  part: (base: string, index: number, ext: "mp4" | "m4a") => `videos/${base}-part${two(index)}.${ext}`,
  /** The playback cache's single file of a multi-part recording (its file name goes in the database). */
  playback: (base: string, ext: "mp4" | "m4a") => `videos/${base}-playback.${ext}`,
  /** The key of a part (or playback artifact) from the file name the database keeps. */
  videoFile: (filename: string) => `videos/${filename}`,
  partThumbnail: (base: string, index: number) => `thumbnails/${base}-part${two(index)}.jpg`,
  /** The 4×3 hover strip of a video part. */
  partStrip: (base: string, index: number) => `thumbnails/${base}-part${two(index)}-strip.jpg`,
  /** The peaks JSON of an audio-only part. */
  partWaveform: (base: string, index: number) => `thumbnails/${base}-part${two(index)}-waveform.json`,
  /** Twitch's live preview, taken every few minutes while recording; 0-based. */
  snapshot: (base: string, index: number) => `thumbnails/${base}-snap${two(index)}.jpg`,
};
