/**
 * One live session of a simulated channel, as every surface reads it: its media (codec, format, segments),
 * its ad breaks, its numbering and how it ends. Plain types, so the pure HLS modules and the state share
 * them without importing each other.
 */

export type Codec = "h264" | "hevc" | "av1";
export type SegmentFormat = "ts" | "fmp4";
/** How a media playlist answers after the end; `frozen`: the last window without ENDLIST (a stale CDN). */
export type EndMode = "endlist" | "404" | "403" | "frozen";
/** `all`: EXT-X-TWITCH-LIVE-SEQUENCE counts every segment; `content`: it does not advance over stitched ads. */
export type LiveSequenceMode = "all" | "content";

/** What the edge keeps serving after the end; given at go-live (defaults) or at /offline (wins). */
export interface EndSettings {
  end?: EndMode;
  /** Simulated seconds the ended playlist (ENDLIST or frozen) is still served, then 404; null = forever. */
  playlist_keep_seconds?: number | null;
  /** Simulated seconds usher still answers the master from its cache (0 = 404 at once). */
  master_cache_seconds?: number;
}

export interface SessionEnd {
  /** Simulated epoch ms. */
  at: number;
  mode: EndMode;
  playlist_keep_seconds: number | null;
  master_cache_seconds: number;
}
/** Why usher refuses a live channel with 403: region lock, or subscribers only (as the channel's sub-only switch). */
export type PlaybackRestriction = "geoblock" | "subscriber";
/** `session`: EXT-X-MEDIA-SEQUENCE restarts at 0 per playback session (as on Twitch); `live`: it equals the broadcast sequence. */
export type MediaSequenceMode = "session" | "live";

export interface AdBreak {
  /** Media sequence of the first ad segment. */
  start_sequence: number;
  /** How many segments the break lasts. */
  segments: number;
  roll: "preroll" | "midroll";
  /** Twitch's ids for the creative and the commercial, shown in DATERANGE attributes and titles. */
  creative_id: string;
  commercial_id: string;
  /** Simulated ms when the break was asked for. */
  requested_at: number;
}

export interface LiveSession {
  stream_id: string;
  /** Simulated epoch ms; segment n covers [started_at + n·d, started_at + (n+1)·d). */
  started_at: number;
  viewers: number;
  /** Rendition names, best first, e.g. ["1080p60", "720p60", "480p30", "360p30", "160p30", "audio_only"]. */
  ladder: string[];
  codec: Codec;
  format: SegmentFormat;
  segment_seconds: number;
  low_latency: boolean;
  ads: AdBreak[];
  /** Set when the stream ended: how playlists and usher answer from then on. */
  ended: SessionEnd | null;
  // Playback knobs: optional so sessions built elsewhere stay valid; the playback surfaces apply defaults.
  /** Source bitrate in kbit/s (default: the rendition's typical Twitch bitrate, 6000 for 1080p60). */
  bitrate_kbps?: number;
  /** Segments in a live media playlist's sliding window (default 15). */
  window_segments?: number;
  restriction?: PlaybackRestriction | null;
  media_sequence?: MediaSequenceMode;
  /** Default "all". */
  live_sequence?: LiveSequenceMode;
  /** The go-live defaults for the end; /offline values win. */
  end_defaults?: EndSettings;
  /** Seconds after going live during which usher still serves the previous broadcast's master (default 0). */
  master_lag_seconds?: number;
}
