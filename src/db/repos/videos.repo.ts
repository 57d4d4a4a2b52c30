import { eq, type SQL, sql } from "drizzle-orm";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type { Page } from "../../domain/pagination.ts";
import {
  type DeletionKind,
  VIDEO_STATUSES,
  type Video,
  type VideoCursor,
  type VideoDetail,
  type VideoListQuery,
  type VideoOffsetQuery,
  type VideoStatistics,
  type VideoStatus,
  type VideoTotals,
  type VideoView,
} from "../../domain/videos.ts";
import type { SqlClient } from "../sql/client.ts";
import {
  allColumns,
  asNumber,
  countAll,
  deleteFrom,
  type Expr,
  returning,
  select,
  sumOf,
  update,
} from "../sql/query.ts";
import { refreshCategoryStatsOfVideo } from "./categories.repo.ts";
import { type Clock, isoNow, isoPlus } from "./clock.ts";
import { afterCursor, clampLimit, keysetOrder, toPage } from "./keyset.ts";
import { containsPattern, likeLower, normalizeQuery, prefixPattern } from "./text-search.ts";
import { videoConditions, videoSort } from "./video-list.query.ts";
import { fromVideoView, toVideoView, videoViewFields } from "./video-view.ts";

export interface VideoRepository {
  /** The video with its parts, playback artifact and the viewer's state. */
  getById(id: number, viewerId?: string | null): Promise<VideoDetail | null>;
  getByJobId(jobId: string): Promise<Video | null>;
  /** An offset page (newest first by default). */
  list(query: VideoOffsetQuery): Promise<VideoView[]>;
  /** A keyset page of the library with every filter and sort; also channel and category pages. */
  listPage(query: VideoListQuery): Promise<Page<VideoView, VideoCursor>>;
  /**
   * Non-removed videos whose title (or any title they had), channel or category matches: exact title,
   * title prefix, exact channel, channel prefix, exact category, category prefix, anything containing it;
   * then newest first.
   */
  search(query: string, limit: number, viewerId?: string | null): Promise<VideoView[]>;
  /** Library statistics; watch-later and unwatched counts are the viewer's. */
  statistics(viewerId: string | null): Promise<VideoStatistics>;
  totalsForBroadcaster(broadcasterId: string): Promise<VideoTotals>;
  setThumbnail(videoId: number, thumbnail: string | null): Promise<void>;
  /**
   * Queues a finished video for deletion (idempotent while queued).
   * @throws NotFoundError, ConflictError when it is still recording or already removed.
   */
  requestDelete(id: number): Promise<Video>;
  /** Queued deletions, oldest first, that no undelivered webhook still needs. */
  listDeleteRequested(limit: number): Promise<Video[]>;
  /** Videos whose retention window has passed, oldest first, that no undelivered webhook still needs. */
  listRetentionDue(limit: number): Promise<Video[]>;
  /**
   * Tombstones a video whose files are gone: parts and playback artifact rows are deleted, the video row
   * stays (with `deleted_at`) for history. Idempotent.
   */
  markDeleted(id: number, kind: DeletionKind): Promise<Video>;
}

export function createVideoRepository(db: SqlClient, clock: Clock): VideoRepository {
  const t = db.tables;
  const { videos, videoParts, videoPlaybackAssets, recordingWebhookDeliveries: deliveries } = t;
  const fields = videoViewFields(t);

  // A webhook not yet sent keeps a video's files until its parts list is frozen into the delivery.
  const noWebhookWaiting = sql`not exists (select 1 from ${deliveries} where ${deliveries.video_id} = ${videos.id}
    and ${deliveries.test} = false and ${deliveries.status} in ('pending', 'delivering') and ${deliveries.frozen_parts} is null)`;

  const where = (conditions: SQL[]) =>
    conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;

  return {
    async getById(id, viewerId) {
      const row = await db.first(
        select(fields, sql`${fromVideoView(t, viewerId)} where ${eq(videos.id, id)}`),
      );
      if (!row) return null;
      const [parts, asset] = await Promise.all([
        db.all(
          select(
            allColumns(videoParts),
            sql`from ${videoParts} where ${eq(videoParts.video_id, id)} order by ${videoParts.part_index}`,
          ),
        ),
        db.first(
          select(
            allColumns(videoPlaybackAssets),
            sql`from ${videoPlaybackAssets} where ${eq(videoPlaybackAssets.video_id, id)}`,
          ),
        ),
      ]);
      return { ...toVideoView(row), parts, playback_artifact: asset };
    },

    getByJobId: (jobId) =>
      db.first(select(allColumns(videos), sql`from ${videos} where ${eq(videos.job_id, jobId)}`)),

    async list(query) {
      const sort = videoSort(t, query.sort ?? "created_at");
      const conditions = videoConditions(t, { status: query.status }, query.viewer_id, clock());
      if (sort.requires) conditions.push(sort.requires);
      const rows = await db.all(
        select(
          fields,
          sql`${fromVideoView(t, query.viewer_id)} ${where(conditions)}
              order by ${keysetOrder(sort.keys, query.order ?? "desc", "forward")}
              limit ${clampLimit(query.limit)} offset ${Math.max(0, Math.trunc(query.offset))}`,
        ),
      );
      return rows.map(toVideoView);
    },

    async listPage(query) {
      const limit = clampLimit(query.limit);
      const order = query.order ?? "desc";
      const direction = query.direction ?? "forward";
      const sort = videoSort(t, query.sort ?? "created_at");
      const conditions = videoConditions(t, query, query.viewer_id, clock());
      if (sort.requires) conditions.push(sort.requires);
      if (query.cursor)
        conditions.push(afterCursor(sort.keys, sort.cursorValues(query.cursor), order, direction));
      const withKey = sort.value ? { ...fields, sort_value: sort.value } : fields;
      const rows = await db.all(
        select(
          withKey,
          sql`${fromVideoView(t, query.viewer_id)} ${where(conditions)}
              order by ${keysetOrder(sort.keys, order, direction)} limit ${limit + 1}`,
        ),
      );
      const items = rows.map((row) => ({
        view: toVideoView(row),
        sortValue: "sort_value" in row ? row.sort_value : null,
      }));
      const page = toPage(items, limit, direction, Boolean(query.cursor), ({ view, sortValue }) =>
        sort.value
          ? { sort_value: sortValue, start_download_at: view.start_download_at, id: view.id }
          : { start_download_at: view.start_download_at, id: view.id },
      );
      return { ...page, items: page.items.map((i) => i.view) };
    },

    async search(query, limit, viewerId) {
      const q = normalizeQuery(query);
      if (q === "") return [];
      const { channels: c, categories: cat, titles, videoTitles: vt } = t;
      const contains = containsPattern(q);
      const prefix = prefixPattern(q);
      const rank = sql`case
        when lower(${videos.title}) = ${q} then 0 when ${likeLower(sql`${videos.title}`, prefix)} then 1
        when lower(${c.broadcaster_login}) = ${q} or lower(${c.broadcaster_name}) = ${q} then 2
        when ${likeLower(sql`${c.broadcaster_login}`, prefix)} or ${likeLower(sql`${c.broadcaster_name}`, prefix)} then 3
        when lower(${cat.name}) = ${q} then 4 when ${likeLower(sql`${cat.name}`, prefix)} then 5
        else 6 end`;
      // Candidates come from the small tables (distinct titles, channels, categories) through indexes, so
      // the library itself is never scanned. Every title a video had, its first included, is in
      // video_titles (recordings link it when they start).
      const candidates = sql`
        select ${vt.video_id} from ${vt} join ${titles} on ${titles.id} = ${vt.title_id} where ${likeLower(sql`${titles.name}`, contains)}
        union
        select ${videos.id} from ${videos} where ${videos.broadcaster_id} in (
          select ${c.broadcaster_id} from ${c} where ${likeLower(sql`${c.broadcaster_login}`, contains)} or ${likeLower(sql`${c.broadcaster_name}`, contains)})
        union
        select ${videos.id} from ${videos} where ${videos.primary_category_id} in (
          select ${cat.id} from ${cat} where ${likeLower(sql`${cat.name}`, contains)})`;
      const rows = await db.all(
        select(
          fields,
          sql`${fromVideoView(t, viewerId)} where ${videos.deleted_at} is null and ${videos.id} in (${candidates})
              order by ${rank}, ${videos.start_download_at} desc, ${videos.id} desc limit ${clampLimit(limit, 50)}`,
        ),
      );
      return rows.map(toVideoView);
    },

    async statistics(viewerId) {
      const { videoUserStates: us } = t;
      const active = sql`${videos.deleted_at} is null`;
      const weekAgo = isoPlus(clock, -7 * 24 * 3600 * 1000);
      const statusCounts = Object.fromEntries(
        VIDEO_STATUSES.map((status) => [
          status,
          asNumber(sql`count(*) filter (where ${active} and ${videos.status} = ${status})`),
        ]),
      ) as Record<VideoStatus, Expr<number>>;
      const totals = await db.first(
        select(
          {
            total: asNumber(sql`count(*) filter (where ${active})`),
            total_size: asNumber(sql`coalesce(sum(${videos.size_bytes}) filter (where ${active}), 0)`),
            total_duration_seconds: asNumber(
              sql`coalesce(sum(${videos.duration_seconds}) filter (where ${active}), 0)`,
            ),
            this_week: asNumber(
              sql`count(*) filter (where ${active} and ${videos.start_download_at} >= ${sql.param(weekAgo, videos.start_download_at)})`,
            ),
            incomplete: asNumber(
              sql`count(*) filter (where ${active} and (${videos.completion_kind} = 'partial' or ${videos.truncated} = true))`,
            ),
            cancelled: asNumber(
              sql`count(*) filter (where ${active} and ${videos.completion_kind} = 'cancelled')`,
            ),
            removed: asNumber(sql`count(*) filter (where ${videos.deleted_at} is not null)`),
            // One pass over the library: the per-status counts ride along.
            ...statusCounts,
          },
          sql`from ${videos}`,
        ),
      );
      // Channels with videos: one index probe per channel beats a distinct count over the library.
      const withVideos = await db.first(
        select(
          { n: countAll() },
          sql`from ${t.channels} where exists (select 1 from ${videos} where ${videos.broadcaster_id} = ${t.channels.broadcaster_id} and ${active})`,
        ),
      );
      // The viewer's counts read their own (few) state rows, not the whole library again.
      const mine = viewerId
        ? await db.first(
            select(
              {
                watch_later: asNumber(sql`count(*) filter (where ${us.watch_later} = true)`),
                watched: asNumber(sql`count(*) filter (where ${us.watched_at} is not null)`),
              },
              sql`from ${us} where ${eq(us.user_id, viewerId)}
                and exists (select 1 from ${videos} where ${videos.id} = ${us.video_id} and ${active})`,
            ),
          )
        : null;
      const total = totals?.total ?? 0;
      return {
        total,
        total_size: totals?.total_size ?? 0,
        total_duration_seconds: totals?.total_duration_seconds ?? 0,
        by_status: VIDEO_STATUSES.map((status) => ({ status, count: Number(totals?.[status] ?? 0) })).filter(
          (entry) => entry.count > 0,
        ),
        this_week: totals?.this_week ?? 0,
        incomplete: totals?.incomplete ?? 0,
        cancelled: totals?.cancelled ?? 0,
        channels: withVideos?.n ?? 0,
        removed: totals?.removed ?? 0,
        watch_later: mine?.watch_later ?? 0,
        unwatched: total - (mine?.watched ?? 0),
      };
    },

    async totalsForBroadcaster(broadcasterId) {
      const row = await db.first(
        select(
          {
            total: countAll(),
            total_size: sumOf(videos.size_bytes),
            total_duration_seconds: sumOf(videos.duration_seconds),
          },
          sql`from ${videos} where ${eq(videos.broadcaster_id, broadcasterId)} and ${videos.deleted_at} is null`,
        ),
      );
      return row ?? { total: 0, total_size: 0, total_duration_seconds: 0 };
    },

    async setThumbnail(videoId, thumbnail) {
      await db.run(update(videos, { thumbnail, updated_at: isoNow(clock) }, eq(videos.id, videoId)));
    },

    requestDelete: (id) =>
      db.transaction(async (tx) => {
        const v = tx.tables.videos;
        const video = await tx.first(select(allColumns(v), sql`from ${v} where ${eq(v.id, id)}`));
        if (!video) throw new NotFoundError(`no video ${id}`);
        if (video.deleted_at !== null) throw new ConflictError(`video ${id} is already removed`);
        if (video.status !== "DONE" && video.status !== "FAILED") {
          throw new ConflictError(`video ${id} is still recording; cancel it first`);
        }
        if (video.delete_requested_at !== null) return video;
        const now = isoNow(clock);
        const queued = await tx.one(
          returning(v, update(v, { delete_requested_at: now, updated_at: now }, eq(v.id, id))),
        );
        return queued;
      }),

    listDeleteRequested: (limit) =>
      db.all(
        select(
          allColumns(videos),
          sql`from ${videos} where ${videos.delete_requested_at} is not null and ${videos.deleted_at} is null and ${noWebhookWaiting}
              order by ${videos.delete_requested_at}, ${videos.id} limit ${clampLimit(limit, 1000)}`,
        ),
      ),

    listRetentionDue: (limit) =>
      db.all(
        select(
          allColumns(videos),
          sql`from ${videos} where ${videos.retention_due_at} is not null and ${videos.deleted_at} is null
                and ${videos.delete_requested_at} is null
                and ${videos.retention_due_at} <= ${sql.param(isoNow(clock), videos.retention_due_at)}
                and (${videos.status} = 'DONE' or (${videos.status} = 'FAILED' and ${videos.completion_kind} in ('partial', 'cancelled')))
                and ${noWebhookWaiting}
              order by ${videos.retention_due_at}, ${videos.id} limit ${clampLimit(limit, 1000)}`,
        ),
      ),

    markDeleted: (id, kind) =>
      db.transaction(async (tx) => {
        const { videos: v, videoParts: parts, videoPlaybackAssets: assets } = tx.tables;
        const video = await tx.first(select(allColumns(v), sql`from ${v} where ${eq(v.id, id)}`));
        if (!video) throw new NotFoundError(`no video ${id}`);
        if (video.deleted_at !== null) return video;
        await tx.run(deleteFrom(parts, eq(parts.video_id, id)));
        await tx.run(deleteFrom(assets, eq(assets.video_id, id)));
        const now = isoNow(clock);
        const removed = await tx.one(
          returning(v, update(v, { deleted_at: now, deletion_kind: kind, updated_at: now }, eq(v.id, id))),
        );
        await refreshCategoryStatsOfVideo(tx, id, now);
        return removed;
      }),
  };
}
