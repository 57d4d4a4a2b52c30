import { z } from "zod";
import { NotFoundError } from "../../domain/errors.ts";
import {
  DURATION_BUCKETS,
  QUALITIES,
  RECORDING_TYPES,
  SIZE_BUCKETS,
  VIDEO_SCOPES,
  VIDEO_SORTS,
  VIDEO_STATUSES,
} from "../../domain/videos.ts";
import { storageLayout } from "../../storage/layout.ts";
import { activeDownloads, type DownloadProgress, progressView } from "../active-downloads.ts";
import { listen } from "../feeds.ts";
import { direction, isoTime, limit, offset, searchQuery, sortValue, twitchId, videoId } from "../inputs.ts";
import { adminProcedure, router, viewerProcedure } from "../trpc.ts";

const order = z.enum(["asc", "desc"]).optional();
const videoCursor = z
  .strictObject({ sort_value: sortValue.optional(), start_download_at: isoTime, id: videoId })
  .nullish();

const filters = {
  status: z.enum(VIDEO_STATUSES).optional(),
  quality: z.enum(QUALITIES).optional(),
  broadcaster_id: twitchId.optional(),
  category_id: twitchId.optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[a-zA-Z]{2,4})?$/, "expected a language code like en")
    .optional(),
  duration: z.enum(DURATION_BUCKETS).optional(),
  size: z.enum(SIZE_BUCKETS).optional(),
  window: z.literal("this_week").optional(),
  incomplete_only: z.boolean().optional(),
  watch_later_only: z.boolean().optional(),
  unwatched_only: z.boolean().optional(),
  terminal_only: z.boolean().optional(),
  scope: z.enum(VIDEO_SCOPES).optional(),
};

const byOwner = z.strictObject({ id: twitchId, limit: limit(200, 50), cursor: videoCursor, direction });
const ofVideo = z.strictObject({ video_id: videoId });

/** How many live snapshots a video may have (the recorder's naming stops at two digits, then grows). */
const MAX_SNAPSHOTS = 500;

export const videoRouter = router({
  list: viewerProcedure
    .input(
      z
        .strictObject({
          limit: limit(200, 50),
          offset,
          status: z.enum(VIDEO_STATUSES).optional(),
          sort: z.enum(VIDEO_SORTS).optional(),
          order,
        })
        .default({ limit: 50, offset: 0 }),
    )
    .query(({ ctx, input }) => ctx.api.services.repo.videos.list({ ...input, viewer_id: ctx.caller.id })),

  listPage: viewerProcedure
    .input(
      z
        .strictObject({
          limit: limit(200, 50),
          sort: z.enum(VIDEO_SORTS).optional(),
          order,
          cursor: videoCursor,
          direction,
          ...filters,
        })
        .default({ limit: 50 }),
    )
    .query(({ ctx, input }) => ctx.api.services.repo.videos.listPage({ ...input, viewer_id: ctx.caller.id })),

  search: viewerProcedure
    .input(z.strictObject({ query: searchQuery, limit: limit(50, 8) }))
    .query(({ ctx, input }) => ctx.api.services.repo.videos.search(input.query, input.limit, ctx.caller.id)),

  getById: viewerProcedure.input(z.strictObject({ id: videoId })).query(async ({ ctx, input }) => {
    const video = await ctx.api.services.repo.videos.getById(input.id, ctx.caller.id);
    if (!video) throw new NotFoundError(`no video ${input.id}`);
    return video;
  }),

  titles: viewerProcedure
    .input(ofVideo)
    .query(({ ctx, input }) => ctx.api.services.repo.timeline.titleSpans(input.video_id)),
  categories: viewerProcedure
    .input(ofVideo)
    .query(({ ctx, input }) => ctx.api.services.repo.timeline.categorySpans(input.video_id)),
  timeline: viewerProcedure
    .input(ofVideo)
    .query(({ ctx, input }) => ctx.api.services.repo.timeline.changes(input.video_id)),
  /**
   * Skipped ads and lost stretches: `{kind: "ad" | "gap", media_offset_seconds, duration_seconds, reason}`,
   * offsets from the start of part 1 with the parts end to end; the skipped time itself is not in the video.
   */
  gaps: viewerProcedure
    .input(ofVideo)
    .query(({ ctx, input }) => ctx.api.services.repo.timeline.gaps(input.video_id)),

  /** The video's live snapshots, in order, as URLs of the media route (the hover strip). */
  snapshots: viewerProcedure.input(ofVideo).query(async ({ ctx, input }) => {
    const { repo, storage } = ctx.api.services;
    const video = await repo.videos.getById(input.video_id);
    if (!video) throw new NotFoundError(`no video ${input.video_id}`);
    const found: { index: number; url: string }[] = [];
    for (let index = 0; index < MAX_SNAPSHOTS; index++) {
      if ((await storage.size(storageLayout.snapshot(video.filename, index))) === null) break;
      found.push({ index, url: `/api/v1/videos/${video.id}/snapshots/${index}` });
    }
    return found;
  }),

  byBroadcaster: viewerProcedure.input(byOwner).query(({ ctx, input }) =>
    ctx.api.services.repo.videos.listPage({
      viewer_id: ctx.caller.id,
      broadcaster_id: input.id,
      limit: input.limit,
      cursor: input.cursor,
      direction: input.direction,
    }),
  ),
  byCategory: viewerProcedure.input(byOwner).query(({ ctx, input }) =>
    ctx.api.services.repo.videos.listPage({
      viewer_id: ctx.caller.id,
      category_id: input.id,
      limit: input.limit,
      cursor: input.cursor,
      direction: input.direction,
    }),
  ),

  statistics: viewerProcedure.query(({ ctx }) => ctx.api.services.repo.videos.statistics(ctx.caller.id)),
  statisticsByBroadcaster: viewerProcedure
    .input(z.strictObject({ broadcaster_id: twitchId }))
    .query(({ ctx, input }) => ctx.api.services.repo.videos.totalsForBroadcaster(input.broadcaster_id)),

  downloadCapacity: viewerProcedure.query(({ ctx }) => ({
    max_concurrent: ctx.api.services.recorder.maxConcurrent,
  })),
  activeDownloads: viewerProcedure.query(({ ctx }) => activeDownloads(ctx.api.services)),
  /** The same list, pushed when it changes (at most every 250 ms), computed once for every client. */
  activeDownloadsLive: viewerProcedure.subscription(async function* ({ ctx, signal }) {
    yield* ctx.api.feeds.activeDownloads.follow(signal);
  }),
  /** One recording's progress as it comes; ends when the recording does (at once if it is not running). */
  downloadProgress: adminProcedure.input(z.strictObject({ job_id: z.uuid() })).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    const { bus, recorder } = ctx.api.services;
    if (!recorder.activeJobs().some((j) => j.jobId === input.job_id)) return;
    yield* listen<DownloadProgress>((push, end) => {
      const offProgress = bus.on(
        "recording.progress",
        (p) => p.job_id === input.job_id && push(progressView(p.job_id, p.video_id, p)),
      );
      const offFinished = bus.on("recording.finished", (f) => f.job_id === input.job_id && end());
      return () => {
        offProgress();
        offFinished();
      };
    }, signal);
  }),

  triggerDownload: adminProcedure
    .input(
      z.strictObject({
        broadcaster_id: twitchId,
        recording_type: z.enum(RECORDING_TYPES).default("video"),
        quality: z.enum(QUALITIES).default("source"),
        force_h264: z.boolean().default(false),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const started = await ctx.api.services.live.recordNow(input.broadcaster_id, {
        quality: input.quality,
        recordingType: input.recording_type,
        forceH264: input.force_h264,
      });
      return { job_id: started.jobId, video_id: started.videoId };
    }),

  cancel: adminProcedure
    .input(z.strictObject({ job_id: z.uuid() }))
    .mutation(async ({ ctx, input }) => ({ ok: await ctx.api.services.recorder.cancel(input.job_id) })),

  /** Queues the deletion of a finished recording; the maintenance task removes its files. */
  delete: adminProcedure.input(z.strictObject({ id: videoId })).mutation(async ({ ctx, input }) => {
    await ctx.api.services.repo.videos.requestDelete(input.id);
    return { ok: true };
  }),

  setWatchLater: viewerProcedure
    .input(z.strictObject({ video_id: videoId, watch_later: z.boolean() }))
    .mutation(({ ctx, input }) =>
      ctx.api.services.repo.watch.setWatchLater(ctx.caller.id, input.video_id, input.watch_later),
    ),

  updateWatchProgress: viewerProcedure
    .input(
      z.strictObject({
        video_id: videoId,
        position_seconds: z
          .number()
          .min(0)
          .max(30 * 24 * 3600),
        completed: z.boolean(),
        observed_at_ms: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.api.services.repo.watch.recordProgress(ctx.caller.id, input.video_id, {
        position_seconds: input.position_seconds,
        completed: input.completed,
        observed_at_ms: input.observed_at_ms,
      }),
    ),
});
