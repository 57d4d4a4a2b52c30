// What a recording can be asked for: the server's enums (`video.triggerDownload`, `schedule.create`), and
// the qualities a video can be filtered by.

export const QUALITIES = ["source", "1080p", "720p", "480p", "360p", "audio_only"] as const;
export type Quality = (typeof QUALITIES)[number];
export const RECORDING_TYPES = ["video", "audio"] as const;
export type RecordingType = (typeof RECORDING_TYPES)[number];

export interface RecordingOptions {
  recording_type: RecordingType;
  quality: Quality;
  /** Video only: re-encode to H.264 for players that lack the stream's codec. */
  force_h264: boolean;
}
