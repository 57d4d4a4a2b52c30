import { eq, inArray, sql } from "drizzle-orm";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type { JsonObject } from "../../domain/json.ts";
import type {
  FinishRecording,
  Job,
  NewPart,
  PartResult,
  Recording,
  StartRecording,
  UnfinishedRecording,
} from "../../domain/recording.ts";
import type { GapMarker } from "../../domain/timeline.ts";
import type { VideoPart } from "../../domain/videos.ts";
import type { SqlClient } from "../sql/client.ts";
import {
  allColumns,
  asNullableNumber,
  deleteFrom,
  insertInto,
  nullable,
  returning,
  select,
  update,
} from "../sql/query.ts";
import { refreshCategoryStatsOfVideo } from "./categories.repo.ts";
import { type Clock, isoNow } from "./clock.ts";
import { enqueueDelivery } from "./deliveries.repo.ts";
import { ensureCategories, ensureTags } from "./labels.repo.ts";
import { closeOpenSpans, recordMetadataChange, replaceGapMarkers } from "./timeline.repo.ts";

/**
 * What the recorder writes. Every call is one transaction, so a crash at any moment leaves either the
 * state before it or after it: a job, its video and its parts always agree.
 */
export interface RecordingRepository {
  /**
   * Creates the video (PENDING), its job, and the first title and category spans.
   * @throws ConflictError when the channel already has an open recording; NotFoundError when the
   * channel is not watched (run channel sync first).
   */
  start(input: StartRecording): Promise<Recording>;
  getJob(jobId: string): Promise<Job | null>;
  /** The PENDING or RUNNING job of a channel, if any. */
  openJobForBroadcaster(broadcasterId: string): Promise<Job | null>;
  /** Jobs a previous process left PENDING or RUNNING, oldest first, with their parts: what to resume. */
  listUnfinished(): Promise<UnfinishedRecording[]>;
  /** Marks job and video RUNNING (the first time: `started_at`). @throws NotFoundError, ConflictError */
  markRunning(jobId: string): Promise<Recording>;
  /** Stores the recorder's checkpoint and, when given, the video's gap markers with it (replacing them). */
  checkpoint(jobId: string, resumeState: JsonObject, gaps?: readonly GapMarker[]): Promise<void>;
  /** Records the rendition chosen (quality label and fps) on the video. */
  selectVariant(jobId: string, variant: { quality: string; fps: number | null }): Promise<void>;
  /** Adds the next part, with the checkpoint that goes with it. @throws ConflictError if it exists */
  addPart(part: NewPart, resumeState?: JsonObject): Promise<VideoPart>;
  /**
   * Removes a part that never got any media (the stream ended as it opened), with the checkpoint that no
   * longer lists it, so the next part can take its number. A finalized part is never removed.
   */
  dropPart(videoId: number, partIndex: number, resumeState?: JsonObject): Promise<boolean>;
  /**
   * Finalizes a part (duration, size, thumbnail, last sequence) and updates the video's totals to the sum
   * of its finalized parts, with the checkpoint, in one transaction.
   */
  finalizePart(partId: number, result: PartResult, resumeState?: JsonObject): Promise<VideoPart>;
  listParts(videoId: number): Promise<VideoPart[]>;
  /**
   * Ends a recording: closes open metadata spans, totals the parts, sets the final status on video and
   * job, and queues the webhook, all in one transaction. Finishing a finished job changes nothing.
   */
  finish(input: FinishRecording): Promise<Recording>;
  /**
   * Videos left PENDING or RUNNING while their job is not (or is gone) end as their job did, or FAILED:
   * no video stays "recording" with nothing recording it. Run at boot; returns how many were repaired.
   */
  repairOrphans(): Promise<number>;
}

export function createRecordingRepository(db: SqlClient, clock: Clock): RecordingRepository {
  const { jobs, videos, videoParts, channels } = db.tables;
  const jobColumns = allColumns(jobs);
  const getJob = (tx: SqlClient, jobId: string) =>
    tx.first(
      select(allColumns(tx.tables.jobs), sql`from ${tx.tables.jobs} where ${eq(tx.tables.jobs.id, jobId)}`),
    );
  // A job's video always exists (foreign key): read it as the row it must be.
  const getVideo = (tx: SqlClient, videoId: number) =>
    tx.one(
      select(
        allColumns(tx.tables.videos),
        sql`from ${tx.tables.videos} where ${eq(tx.tables.videos.id, videoId)}`,
      ),
    );
  const recording = async (tx: SqlClient, jobId: string): Promise<Recording> => {
    const job = await getJob(tx, jobId);
    if (!job) throw new NotFoundError(`no job ${jobId}`);
    return { job, video: await getVideo(tx, job.video_id) };
  };
  const saveCheckpoint = (tx: SqlClient, jobId: string, state: JsonObject, now: string) =>
    tx.run(
      update(
        tx.tables.jobs,
        { resume_state: state, checkpoint_at: now, updated_at: now },
        eq(tx.tables.jobs.id, jobId),
      ),
    );

  return {
    async start(input) {
      try {
        return await db.transaction(async (tx) => {
          const t = tx.tables;
          const now = isoNow(clock);
          const open = await tx.first(
            select(
              { id: t.jobs.id },
              sql`from ${t.jobs} where ${eq(t.jobs.broadcaster_id, input.broadcaster_id)} and ${t.jobs.status} in ('PENDING', 'RUNNING')`,
            ),
          );
          if (open)
            throw new ConflictError(
              `channel ${input.broadcaster_id} is already being recorded (job ${open.id})`,
            );
          if (input.category) await ensureCategories(tx, [input.category], now);
          const video = await tx.one(
            returning(
              t.videos,
              insertInto(t.videos, [
                {
                  job_id: input.job_id,
                  filename: input.filename,
                  display_name: input.display_name,
                  title: input.title,
                  status: "PENDING",
                  quality: input.quality,
                  recording_type: input.recording_type,
                  force_h264: input.force_h264,
                  broadcaster_id: input.broadcaster_id,
                  stream_id: input.stream_id ?? null,
                  primary_category_id: input.category?.id ?? null,
                  viewer_count: input.viewer_count ?? 0,
                  language: input.language,
                  start_download_at: now,
                  trigger_schedule_id: input.trigger_schedule_id ?? null,
                  retention_source_schedule_id: input.retention_source_schedule_id ?? null,
                  retention_window_hours: input.retention_window_hours ?? null,
                  updated_at: now,
                },
              ]),
            ),
          );
          const job = await tx.one(
            returning(
              t.jobs,
              insertInto(t.jobs, [
                {
                  id: input.job_id,
                  video_id: video.id,
                  broadcaster_id: input.broadcaster_id,
                  status: "PENDING",
                  instance_id: input.instance_id ?? null,
                  created_at: now,
                  updated_at: now,
                },
              ]),
            ),
          );
          const tags = await ensureTags(tx, input.tags ?? [], now);
          if (tags.length) {
            await tx.run(
              insertInto(
                t.videoTags,
                tags.map((tag) => ({ video_id: video.id, tag_id: tag.id })),
              ),
            );
          }
          await recordMetadataChange(
            tx,
            video.id,
            {
              title: input.title,
              category: input.category ?? null,
              occurred_at: now,
              media_offset_seconds: 0,
            },
            now,
          );
          return { video, job };
        });
      } catch (err) {
        // Another process won the race between the check and the insert.
        if (db.isUniqueViolation(err)) {
          throw new ConflictError(`channel ${input.broadcaster_id} is already being recorded`);
        }
        if (db.isForeignKeyViolation(err)) {
          throw new NotFoundError(
            `channel ${input.broadcaster_id} is not watched; sync it from Twitch first`,
          );
        }
        throw err;
      }
    },

    getJob: (jobId) => getJob(db, jobId),

    openJobForBroadcaster: (broadcasterId) =>
      db.first(
        select(
          jobColumns,
          sql`from ${jobs} where ${eq(jobs.broadcaster_id, broadcasterId)} and ${jobs.status} in ('PENDING', 'RUNNING')`,
        ),
      ),

    async listUnfinished() {
      const open = await db.all(
        select(
          jobColumns,
          sql`from ${jobs} where ${jobs.status} in ('PENDING', 'RUNNING') order by ${jobs.created_at}, ${jobs.id}`,
        ),
      );
      if (open.length === 0) return [];
      const videoIds = open.map((j) => j.video_id);
      const videoRows = await db.all(
        select(
          { ...allColumns(videos), broadcaster_login: channels.broadcaster_login },
          sql`from ${videos} join ${channels} on ${channels.broadcaster_id} = ${videos.broadcaster_id}
              where ${inArray(videos.id, videoIds)}`,
        ),
      );
      const parts = await db.all(
        select(
          allColumns(videoParts),
          sql`from ${videoParts} where ${inArray(videoParts.video_id, videoIds)} order by ${videoParts.video_id}, ${videoParts.part_index}`,
        ),
      );
      const videoById = new Map(videoRows.map((v) => [v.id, v]));
      // Every job has its video (foreign key); flatMap only satisfies the type checker.
      return open.flatMap((job) => {
        const row = videoById.get(job.video_id);
        if (!row) return [];
        const { broadcaster_login, ...video } = row;
        return [{ job, video, broadcaster_login, parts: parts.filter((p) => p.video_id === video.id) }];
      });
    },

    markRunning: (jobId) =>
      db.transaction(async (tx) => {
        const current = await getJob(tx, jobId);
        if (!current) throw new NotFoundError(`no job ${jobId}`);
        if (current.status === "DONE" || current.status === "FAILED") {
          throw new ConflictError(`job ${jobId} is already ${current.status}`);
        }
        const now = isoNow(clock);
        const { jobs: j, videos: v } = tx.tables;
        await tx.run(
          update(
            j,
            { status: "RUNNING", started_at: current.started_at ?? now, updated_at: now },
            eq(j.id, jobId),
          ),
        );
        await tx.run(update(v, { status: "RUNNING", updated_at: now }, eq(v.id, current.video_id)));
        return recording(tx, jobId);
      }),

    async checkpoint(jobId, resumeState, gaps) {
      if (!gaps) {
        const changed = await saveCheckpoint(db, jobId, resumeState, isoNow(clock));
        if (changed === 0) throw new NotFoundError(`no job ${jobId}`);
        return;
      }
      await db.transaction(async (tx) => {
        const job = await getJob(tx, jobId);
        if (!job) throw new NotFoundError(`no job ${jobId}`);
        await saveCheckpoint(tx, jobId, resumeState, isoNow(clock));
        await replaceGapMarkers(tx, job.video_id, gaps);
      });
    },

    async selectVariant(jobId, variant) {
      await db.run(
        update(
          videos,
          { selected_quality: variant.quality, selected_fps: variant.fps, updated_at: isoNow(clock) },
          eq(videos.job_id, jobId),
        ),
      );
    },

    addPart: (part, resumeState) =>
      db
        .transaction(async (tx) => {
          const now = isoNow(clock);
          const { videoParts: p, jobs: j } = tx.tables;
          const created = await tx.one(
            returning(p, insertInto(p, [{ fps: null, ...part, created_at: now, updated_at: now }])),
          );
          if (resumeState) {
            const job = await tx.first(
              select({ id: j.id }, sql`from ${j} where ${eq(j.video_id, part.video_id)}`),
            );
            if (job) await saveCheckpoint(tx, job.id, resumeState, now);
          }
          return created;
        })
        .catch((err) => {
          if (db.isUniqueViolation(err)) {
            throw new ConflictError(
              `video ${part.video_id} already has part ${part.part_index} (or file ${part.filename})`,
            );
          }
          if (db.isForeignKeyViolation(err)) throw new NotFoundError(`no video ${part.video_id}`);
          throw err;
        }),

    dropPart: (videoId, partIndex, resumeState) =>
      db.transaction(async (tx) => {
        const { videoParts: p, jobs: j } = tx.tables;
        const removed = await tx.all(
          returning(
            p,
            deleteFrom(
              p,
              sql`${eq(p.video_id, videoId)} and ${eq(p.part_index, partIndex)} and ${p.finalized_at} is null`,
            ),
          ),
        );
        if (resumeState) {
          const job = await tx.first(select({ id: j.id }, sql`from ${j} where ${eq(j.video_id, videoId)}`));
          if (job) await saveCheckpoint(tx, job.id, resumeState, isoNow(clock));
        }
        return removed.length > 0;
      }),

    finalizePart: (partId, result, resumeState) =>
      db.transaction(async (tx) => {
        const now = isoNow(clock);
        const { videoParts: p, jobs: j } = tx.tables;
        const part = await tx.one(
          returning(
            p,
            update(
              p,
              {
                duration_seconds: result.duration_seconds,
                size_bytes: result.size_bytes,
                thumbnail: result.thumbnail ?? null,
                end_media_seq: result.end_media_seq ?? null,
                finalized_at: now,
                updated_at: now,
              },
              eq(p.id, partId),
            ),
          ),
        );
        if (!part) throw new NotFoundError(`no video part ${partId}`);
        await updateVideoTotals(tx, part.video_id, now);
        if (resumeState) {
          const job = await tx.first(
            select({ id: j.id }, sql`from ${j} where ${eq(j.video_id, part.video_id)}`),
          );
          if (job) await saveCheckpoint(tx, job.id, resumeState, now);
        }
        return part;
      }),

    listParts: (videoId) =>
      db.all(
        select(
          allColumns(videoParts),
          sql`from ${videoParts} where ${eq(videoParts.video_id, videoId)} order by ${videoParts.part_index}`,
        ),
      ),

    finish: (input) =>
      db.transaction(async (tx) => {
        const current = await getJob(tx, input.job_id);
        if (!current) throw new NotFoundError(`no job ${input.job_id}`);
        if (current.status === "DONE" || current.status === "FAILED") return recording(tx, input.job_id);
        const now = isoNow(clock);
        const { jobs: j, videos: v } = tx.tables;
        const video = await getVideo(tx, current.video_id);
        await closeOpenSpans(tx, video.id, now);
        if (input.gaps) await replaceGapMarkers(tx, video.id, input.gaps);
        await updateVideoTotals(tx, video.id, now);
        const retentionDue =
          video.retention_window_hours === null
            ? null
            : new Date(Date.parse(now) + video.retention_window_hours * 3_600_000).toISOString();
        await tx.run(
          update(
            v,
            {
              status: input.status,
              completion_kind: input.completion_kind,
              truncated: input.truncated,
              error: input.error ?? null,
              downloaded_at: now,
              retention_due_at: retentionDue,
              ...(input.thumbnail ? { thumbnail: input.thumbnail } : {}),
              updated_at: now,
            },
            eq(v.id, video.id),
          ),
        );
        await tx.run(
          update(
            j,
            { status: input.status, finished_at: now, error: input.error ?? null, updated_at: now },
            eq(j.id, input.job_id),
          ),
        );
        if (input.webhook) await enqueueDelivery(tx, input.webhook, now);
        return recording(tx, input.job_id);
      }),

    repairOrphans: () =>
      db.transaction(async (tx) => {
        const { videos: v, jobs: j } = tx.tables;
        const now = isoNow(clock);
        const orphans = await tx.all(
          select(
            { id: v.id, jobStatus: nullable(j.status), jobError: nullable(j.error) },
            sql`from ${v} left join ${j} on ${j.id} = ${v.job_id}
                where ${v.status} in ('PENDING', 'RUNNING') and ${v.deleted_at} is null
                  and (${j.id} is null or ${j.status} not in ('PENDING', 'RUNNING'))`,
          ),
        );
        for (const orphan of orphans) {
          const done = orphan.jobStatus === "DONE";
          await tx.run(
            update(
              v,
              {
                status: done ? "DONE" : "FAILED",
                completion_kind: "partial",
                truncated: true,
                error: done
                  ? null
                  : (orphan.jobError ?? "replayd stopped before this recording's end was saved"),
                downloaded_at: now,
                updated_at: now,
              },
              eq(v.id, orphan.id),
            ),
          );
          await closeOpenSpans(tx, orphan.id, now);
          await updateVideoTotals(tx, orphan.id, now);
        }
        return orphans.length;
      }),
  };
}

/**
 * The video's duration and size are the sums over its finalized parts (null until one is); its categories'
 * stats follow.
 */
async function updateVideoTotals(tx: SqlClient, videoId: number, now: string): Promise<void> {
  const { videoParts: p, videos: v } = tx.tables;
  const totals = await tx.first(
    select(
      {
        duration: asNullableNumber(sql`sum(${p.duration_seconds})`),
        size: asNullableNumber(sql`sum(${p.size_bytes})`),
      },
      sql`from ${p} where ${eq(p.video_id, videoId)} and ${p.finalized_at} is not null`,
    ),
  );
  await tx.run(
    update(
      v,
      { duration_seconds: totals?.duration ?? null, size_bytes: totals?.size ?? null, updated_at: now },
      eq(v.id, videoId),
    ),
  );
  await refreshCategoryStatsOfVideo(tx, videoId, now);
}
