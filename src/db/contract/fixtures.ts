import type { Channel, ChannelUpsert } from "../../domain/channels.ts";
import type { Recording, StartRecording } from "../../domain/recording.ts";
import type { User } from "../../domain/users.ts";
import type { Video } from "../../domain/videos.ts";
import type { Repository } from "../repository.ts";
import type { TestClock } from "./harness.ts";

/** Seeds through the real repository (so fixtures obey the same rules as the app). */

export function user(repo: Repository, id: string, login = `user${id}`): Promise<User> {
  return repo.users.upsertOnSignIn({ id, login, display_name: login.toUpperCase() });
}

export function channel(
  repo: Repository,
  id: string,
  name = `Channel${id}`,
  extra: Partial<ChannelUpsert> = {},
): Promise<Channel> {
  return repo.channels.upsert({
    broadcaster_id: id,
    broadcaster_login: name.toLowerCase(),
    broadcaster_name: name,
    ...extra,
  });
}

let jobCounter = 0;

export function startInput(broadcasterId: string, extra: Partial<StartRecording> = {}): StartRecording {
  jobCounter += 1;
  const jobId = `00000000-0000-4000-8000-${String(jobCounter).padStart(12, "0")}`;
  return {
    job_id: jobId,
    filename: `rec-${broadcasterId}-${jobCounter}`,
    display_name: `Recording ${jobCounter}`,
    title: `Stream ${jobCounter}`,
    quality: "1080p",
    recording_type: "video",
    force_h264: false,
    broadcaster_id: broadcasterId,
    language: "en",
    ...extra,
  };
}

export interface FinishedOptions {
  title?: string;
  category?: { id: string; name: string };
  /** Duration and size of each part. */
  parts?: { duration_seconds: number; size_bytes: number }[];
  status?: "DONE" | "FAILED";
  completion_kind?: "complete" | "partial" | "cancelled";
  truncated?: boolean;
  language?: string;
  recording_type?: "video" | "audio";
  selected_quality?: string;
  retention_window_hours?: number | null;
}

/** A recording taken from start to finish (one part by default), at the clock's current time. */
export async function finishedVideo(
  repo: Repository,
  broadcasterId: string,
  options: FinishedOptions = {},
): Promise<Video> {
  const recording = await repo.recordings.start(
    startInput(broadcasterId, {
      ...(options.title ? { title: options.title } : {}),
      category: options.category ?? null,
      language: options.language ?? "en",
      recording_type: options.recording_type ?? "video",
      retention_window_hours: options.retention_window_hours ?? null,
    }),
  );
  await repo.recordings.markRunning(recording.job.id);
  await repo.recordings.selectVariant(recording.job.id, {
    quality: options.selected_quality ?? "1080p",
    fps: 60,
  });
  const parts = options.parts ?? [{ duration_seconds: 3600, size_bytes: 2_000_000_000 }];
  for (const [i, part] of parts.entries()) {
    const created = await repo.recordings.addPart({
      video_id: recording.video.id,
      part_index: i + 1,
      filename: `${recording.video.filename}-part${String(i + 1).padStart(2, "0")}.mp4`,
      quality: options.selected_quality ?? "1080p",
      fps: 60,
      codec: "h264",
      segment_format: "ts",
      start_media_seq: i * 1000,
    });
    await repo.recordings.finalizePart(created.id, { ...part, end_media_seq: i * 1000 + 999 });
  }
  const done = await repo.recordings.finish({
    job_id: recording.job.id,
    status: options.status ?? "DONE",
    completion_kind: options.completion_kind ?? "complete",
    truncated: options.truncated ?? false,
  });
  return done.video;
}

/** `n` finished videos, one per clock minute, on the given channels in turn; returns them oldest first. */
export async function library(
  repo: Repository,
  clock: TestClock,
  n: number,
  channels: string[],
  options: (i: number) => FinishedOptions = () => ({}),
): Promise<Video[]> {
  const videos: Video[] = [];
  for (let i = 0; i < n; i++) {
    clock.advance(60_000);
    videos.push(await finishedVideo(repo, channels[i % channels.length] as string, options(i)));
  }
  return videos;
}

export async function running(
  repo: Repository,
  broadcasterId: string,
  extra: Partial<StartRecording> = {},
): Promise<Recording> {
  const recording = await repo.recordings.start(startInput(broadcasterId, extra));
  return repo.recordings.markRunning(recording.job.id);
}

/** Reads every page of a keyset list, forwards; checks no page is over the limit. */
export async function allPagesForward<T, C>(
  fetch: (cursor: C | null) => Promise<{ items: T[]; next_cursor: C | null; prev_cursor: C | null }>,
  limit: number,
): Promise<{ pages: T[][]; items: T[]; last: { items: T[]; next_cursor: C | null; prev_cursor: C | null } }> {
  const pages: T[][] = [];
  let cursor: C | null = null;
  for (;;) {
    const page: { items: T[]; next_cursor: C | null; prev_cursor: C | null } = await fetch(cursor);
    pages.push(page.items);
    if (page.items.length > limit) throw new Error(`a page holds ${page.items.length} items, limit ${limit}`);
    if (!page.next_cursor || pages.length > 1000) return { pages, items: pages.flat(), last: page };
    cursor = page.next_cursor;
  }
}
