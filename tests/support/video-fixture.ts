import type { VideoDetail, VideoPart } from "../../src/domain/videos.ts";

/** A finished one-part recording as the repository returns it, for unit tests that never touch a database. */
export function videoDetail(over: Partial<VideoDetail> = {}): VideoDetail {
  const id = over.id ?? 42;
  return {
    id,
    job_id: "0b7c2b7e-6f0e-4f51-9a53-1f1d8c0a7e11",
    filename: `chan-${id}`,
    display_name: "Chan",
    title: "a stream",
    status: "DONE",
    quality: "source",
    selected_quality: "1080p",
    selected_fps: 60,
    recording_type: "video",
    force_h264: false,
    broadcaster_id: "123",
    stream_id: "9001",
    primary_category_id: null,
    viewer_count: 10,
    language: "en",
    duration_seconds: 3600,
    size_bytes: 1_000_000,
    thumbnail: null,
    error: null,
    start_download_at: "2025-01-01T10:00:00.000Z",
    downloaded_at: "2025-01-01T11:00:00.000Z",
    completion_kind: "complete",
    truncated: false,
    trigger_schedule_id: null,
    retention_source_schedule_id: null,
    retention_window_hours: null,
    retention_due_at: null,
    deleted_at: null,
    deletion_kind: null,
    delete_requested_at: null,
    updated_at: "2025-01-01T11:00:00.000Z",
    is_audio_only: false,
    broadcaster_login: "chan",
    broadcaster_name: "Chan",
    profile_image_url: null,
    primary_category: null,
    user_state: null,
    parts: [],
    playback_artifact: null,
    ...over,
  };
}

/** A finished part of video 42 (1080p60 H.264, 60 s, 1000 bytes) as the repository returns it. */
export function videoPart(index: number, over: Partial<VideoPart> = {}): VideoPart {
  return {
    id: index,
    video_id: 42,
    part_index: index,
    filename: `chan-42-part${String(index).padStart(2, "0")}.mp4`,
    quality: "1080p",
    fps: 60,
    codec: "h264",
    segment_format: "ts",
    duration_seconds: 60,
    size_bytes: 1000,
    thumbnail: null,
    start_media_seq: 0,
    end_media_seq: 30,
    finalized_at: "2025-01-01T11:00:00.000Z",
    created_at: "2025-01-01T10:00:00.000Z",
    updated_at: "2025-01-01T11:00:00.000Z",
    ...over,
  };
}
