import { z } from "zod";
import { MAX_TIME_BUCKETS } from "../../domain/video-stats.ts";
import {
  COMPLETION_KINDS,
  DURATION_BUCKETS,
  QUALITIES,
  RECORDING_TYPES,
  SIZE_BUCKETS,
  VIDEO_SCOPES,
  VIDEO_SORTS,
  VIDEO_STATUSES,
} from "../../domain/videos.ts";
import type { DownloadProgress } from "../../library/downloads.service.ts";
import { MAX_BULK_DELETE } from "../../library/videos.service.ts";
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
  completion_kind: z.enum(COMPLETION_KINDS).optional(),
  recorded_from: isoTime.optional(),
  recorded_to: isoTime.optional(),
  scope: z.enum(VIDEO_SCOPES).optional(),
};

/** A date range that ends before it starts is a mistake worth naming, not an empty page. */
function checkRecordedRange(input: { recorded_from?: string; recorded_to?: string }, ctx: z.RefinementCtx) {
  const { recorded_from: from, recorded_to: to } = input;
  if (from && to && Date.parse(to) <= Date.parse(from)) {
    ctx.addIssue({ code: "custom", path: ["recorded_to"], message: "must be after recorded_from" });
  }
}

const byOwner = z.strictObject({ id: twitchId, limit: limit(200, 50), cursor: videoCursor, direction });
const ofVideo = z.strictObject({ video_id: videoId });

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
    .query(({ ctx, input }) => ctx.api.services.videos.list({ ...input, viewer_id: ctx.caller.id })),

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
        .superRefine(checkRecordedRange)
        .default({ limit: 50 }),
    )
    .query(({ ctx, input }) => ctx.api.services.videos.listPage({ ...input, viewer_id: ctx.caller.id })),

  search: viewerProcedure
    .input(z.strictObject({ query: searchQuery, limit: limit(50, 8) }))
    .query(({ ctx, input }) => ctx.api.services.videos.search(input.query, input.limit, ctx.caller.id)),

  getById: viewerProcedure
    .input(z.strictObject({ id: videoId }))
    .query(({ ctx, input }) => ctx.api.services.videos.get(input.id, ctx.caller.id)),

  titles: viewerProcedure
    .input(ofVideo)
    .query(({ ctx, input }) => ctx.api.services.videos.titles(input.video_id)),
  categories: viewerProcedure
    .input(ofVideo)
    .query(({ ctx, input }) => ctx.api.services.videos.categories(input.video_id)),
  timeline: viewerProcedure
    .input(ofVideo)
    .query(({ ctx, input }) => ctx.api.services.videos.timeline(input.video_id)),
  /**
   * Skipped ads and lost stretches: `{kind: "ad" | "gap", media_offset_seconds, duration_seconds, reason}`,
   * offsets from the start of part 1 with the parts end to end; the skipped time itself is not in the video.
   */
  gaps: viewerProcedure
    .input(ofVideo)
    .query(({ ctx, input }) => ctx.api.services.videos.gaps(input.video_id)),

  /** The video's live snapshots, in order, as URLs of the media route (the hover strip). */
  snapshots: viewerProcedure
    .input(ofVideo)
    .query(({ ctx, input }) => ctx.api.services.videos.snapshots(input.video_id)),

  byBroadcaster: viewerProcedure.input(byOwner).query(({ ctx, input }) =>
    ctx.api.services.videos.listPage({
      viewer_id: ctx.caller.id,
      broadcaster_id: input.id,
      limit: input.limit,
      cursor: input.cursor,
      direction: input.direction,
    }),
  ),
  byCategory: viewerProcedure.input(byOwner).query(({ ctx, input }) =>
    ctx.api.services.videos.listPage({
      viewer_id: ctx.caller.id,
      category_id: input.id,
      limit: input.limit,
      cursor: input.cursor,
      direction: input.direction,
    }),
  ),

  statistics: viewerProcedure.query(({ ctx }) => ctx.api.services.videos.statistics(ctx.caller.id)),
  /** The languages recorded, most recordings first: what the library's language filter offers. */
  languages: viewerProcedure.query(({ ctx }) => ctx.api.services.videos.languages()),
  /** The channels and primary categories with the most recorded time, and the audio-only share. */
  statisticsBreakdown: viewerProcedure
    .input(z.strictObject({ limit: limit(50, 10) }).default({ limit: 10 }))
    .query(({ ctx, input }) => ctx.api.services.videos.breakdown(input.limit)),
  /**
   * Recordings started in each interval between consecutive `boundaries` (ascending instants), so the
   * caller picks days, weeks or months in its own time zone.
   */
  statisticsOverTime: viewerProcedure
    .input(
      z.strictObject({
        boundaries: z
          .array(isoTime)
          .min(2, "give at least two instants")
          .max(MAX_TIME_BUCKETS + 1, `at most ${MAX_TIME_BUCKETS + 1} instants`),
      }),
    )
    .query(({ ctx, input }) => ctx.api.services.videos.overTime(input.boundaries)),
  statisticsByBroadcaster: viewerProcedure
    .input(z.strictObject({ broadcaster_id: twitchId }))
    .query(({ ctx, input }) => ctx.api.services.videos.totalsForBroadcaster(input.broadcaster_id)),

  downloadCapacity: viewerProcedure.query(({ ctx }) => ctx.api.services.downloads.capacity()),
  activeDownloads: viewerProcedure.query(({ ctx }) => ctx.api.services.downloads.active()),
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
    const feed = ctx.api.services.downloads.progressFeed(input.job_id);
    if (feed) yield* listen<DownloadProgress>(feed, signal);
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
    .mutation(({ ctx, input }) =>
      ctx.api.services.downloads.start(input.broadcaster_id, input, ctx.caller.id),
    ),

  cancel: adminProcedure
    .input(z.strictObject({ job_id: z.uuid() }))
    .mutation(({ ctx, input }) => ctx.api.services.downloads.cancel(input.job_id)),

  /**
   * "Build single file": queues joining a finished multi-part recording into one file (the playback
   * cache); answers the cache's row (`building`, `ready`, or `unavailable` with the reason). Refused, with
   * what to change, when the cache is off, the recording is one file already, or the file would not fit.
   */
  buildPlayback: adminProcedure
    .input(z.strictObject({ id: videoId }))
    .mutation(({ ctx, input }) => ctx.api.services.playbackCache.request(input.id)),

  /** Queues the deletion of a finished recording; the maintenance task removes its files. */
  delete: adminProcedure
    .input(z.strictObject({ id: videoId }))
    .mutation(({ ctx, input }) => ctx.api.services.videos.requestDelete(input.id)),

  /**
   * Queues the deletion of several recordings, all or none (one still recording refuses the request);
   * already removed ones are skipped. → `{queued, already_removed, freed_bytes}`.
   */
  deleteMany: adminProcedure
    .input(
      z.strictObject({
        ids: z
          .array(videoId)
          .min(1, "pick at least one video")
          .max(MAX_BULK_DELETE, `at most ${MAX_BULK_DELETE} videos at once`),
      }),
    )
    .mutation(({ ctx, input }) => ctx.api.services.videos.requestDeleteMany(input.ids)),

  setWatchLater: viewerProcedure
    .input(z.strictObject({ video_id: videoId, watch_later: z.boolean() }))
    .mutation(({ ctx, input }) =>
      ctx.api.services.watch.setWatchLater(ctx.caller.id, input.video_id, input.watch_later),
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
      ctx.api.services.watch.recordProgress(ctx.caller.id, input.video_id, {
        position_seconds: input.position_seconds,
        completed: input.completed,
        observed_at_ms: input.observed_at_ms,
      }),
    ),
});
