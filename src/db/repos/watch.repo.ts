import { eq, sql } from "drizzle-orm";
import { NotFoundError } from "../../domain/errors.ts";
import type { Counted } from "../../domain/pagination.ts";
import type { VideoRequest, VideoRequestEntry, VideoUserState, WatchProgress } from "../../domain/videos.ts";
import type { SqlClient } from "../sql/client.ts";
import {
  countAll,
  excluded,
  insertInto,
  onConflictDoNothing,
  onConflictDoUpdate,
  select,
  takeExcluded,
} from "../sql/query.ts";
import { type Clock, isoNow } from "./clock.ts";
import { clampLimit } from "./keyset.ts";

/** Per-user watch state (watch later, resume position, watched/completed) and requested videos. */
export interface WatchStateRepository {
  get(userId: string, videoId: number): Promise<VideoUserState | null>;
  /** @throws NotFoundError when the video does not exist */
  setWatchLater(userId: string, videoId: number, watchLater: boolean): Promise<VideoUserState>;
  /**
   * Saves a playback position. A report observed before the last accepted one is ignored (tabs, retries);
   * the first report sets `watched_at`, and `completed_at` stays once set.
   * @throws NotFoundError unless the video is finished (DONE) and not removed
   */
  recordProgress(userId: string, videoId: number, progress: WatchProgress): Promise<VideoUserState>;
  /** Adds the video to the user's requests (idempotent). */
  request(userId: string, videoId: number): Promise<void>;
  listRequests(userId: string, page: { limit: number; offset: number }): Promise<VideoRequest[]>;
  /**
   * Requests with who made them and how the recording turned out, newest first; `userId` null lists
   * everyone's. Removed recordings stay listed (with `deleted_at`).
   */
  requestsPage(query: {
    userId: string | null;
    limit: number;
    offset: number;
  }): Promise<Counted<VideoRequestEntry>>;
}

export function createWatchStateRepository(db: SqlClient, clock: Clock): WatchStateRepository {
  const { videoUserStates: us, videos, videoRequests: requests } = db.tables;
  const stateFields = {
    watch_later: us.watch_later,
    last_position_seconds: us.last_position_seconds,
    last_progress_at_ms: us.last_progress_at_ms,
    watched_at: us.watched_at,
    completed_at: us.completed_at,
    updated_at: us.updated_at,
  };
  const where = (userId: string, videoId: number) =>
    sql`from ${us} where ${eq(us.user_id, userId)} and ${eq(us.video_id, videoId)}`;
  const get = (userId: string, videoId: number) => db.first(select(stateFields, where(userId, videoId)));
  // The row just written.
  const written = (userId: string, videoId: number) => db.one(select(stateFields, where(userId, videoId)));
  const notFound = (err: unknown, videoId: number) => {
    if (db.isForeignKeyViolation(err)) return new NotFoundError(`no video ${videoId} (or user)`);
    return err;
  };

  return {
    get,

    async setWatchLater(userId, videoId, watchLater) {
      const now = isoNow(clock);
      try {
        await db.run(
          sql`${insertInto(us, [{ user_id: userId, video_id: videoId, watch_later: watchLater, updated_at: now }])}
              ${onConflictDoUpdate(us, [us.user_id, us.video_id], takeExcluded(us, ["watch_later", "updated_at"]))}`,
        );
      } catch (err) {
        throw notFound(err, videoId);
      }
      return written(userId, videoId);
    },

    async recordProgress(userId, videoId, progress) {
      const playable = await db.first(
        select(
          { id: videos.id },
          sql`from ${videos} where ${eq(videos.id, videoId)} and ${videos.status} = 'DONE' and ${videos.deleted_at} is null`,
        ),
      );
      if (!playable) throw new NotFoundError(`video ${videoId} is not a finished recording`);
      const now = isoNow(clock);
      const row = {
        user_id: userId,
        video_id: videoId,
        last_position_seconds: Math.max(0, progress.position_seconds),
        last_progress_at_ms: progress.observed_at_ms,
        watched_at: now,
        completed_at: progress.completed ? now : null,
        updated_at: now,
      };
      try {
        await db.run(
          sql`${insertInto(us, [row])} ${onConflictDoUpdate(
            us,
            [us.user_id, us.video_id],
            {
              last_position_seconds: excluded(us.last_position_seconds),
              last_progress_at_ms: excluded(us.last_progress_at_ms),
              watched_at: sql`coalesce(${us.watched_at}, ${excluded(us.watched_at)})`,
              completed_at: sql`coalesce(${us.completed_at}, ${excluded(us.completed_at)})`,
              updated_at: excluded(us.updated_at),
            },
            // Out-of-order reports lose: only a later observation moves the position.
            {
              when: sql`${us.last_progress_at_ms} is null or ${us.last_progress_at_ms} < ${excluded(us.last_progress_at_ms)}`,
            },
          )}`,
        );
      } catch (err) {
        throw notFound(err, videoId);
      }
      return written(userId, videoId);
    },

    async request(userId, videoId) {
      try {
        await db.run(
          sql`${insertInto(requests, [{ user_id: userId, video_id: videoId, requested_at: isoNow(clock) }])} ${onConflictDoNothing()}`,
        );
      } catch (err) {
        throw notFound(err, videoId);
      }
    },

    listRequests: (userId, page) =>
      db.all(
        select(
          {
            video_id: requests.video_id,
            filename: videos.filename,
            display_name: videos.display_name,
            status: videos.status,
            requested_at: requests.requested_at,
          },
          sql`from ${requests} join ${videos} on ${videos.id} = ${requests.video_id} where ${eq(requests.user_id, userId)}
              order by ${requests.requested_at} desc, ${requests.video_id} desc
              limit ${clampLimit(page.limit)} offset ${Math.max(0, Math.trunc(page.offset))}`,
        ),
      ),

    async requestsPage(query) {
      const { users, channels } = db.tables;
      const where = query.userId === null ? sql`` : sql`where ${eq(requests.user_id, query.userId)}`;
      const total = (await db.first(select({ n: countAll() }, sql`from ${requests} ${where}`)))?.n ?? 0;
      const rows = await db.all(
        select(
          {
            video_id: requests.video_id,
            title: videos.title,
            display_name: videos.display_name,
            broadcaster_id: videos.broadcaster_id,
            broadcaster_name: channels.broadcaster_name,
            status: videos.status,
            completion_kind: videos.completion_kind,
            duration_seconds: videos.duration_seconds,
            deleted_at: videos.deleted_at,
            requested_at: requests.requested_at,
            user_id: users.id,
            user_login: users.login,
            user_display_name: users.display_name,
          },
          sql`from ${requests} join ${videos} on ${videos.id} = ${requests.video_id}
              join ${channels} on ${channels.broadcaster_id} = ${videos.broadcaster_id}
              join ${users} on ${users.id} = ${requests.user_id} ${where}
              order by ${requests.requested_at} desc, ${requests.video_id} desc, ${requests.user_id}
              limit ${clampLimit(query.limit)} offset ${Math.max(0, Math.trunc(query.offset))}`,
        ),
      );
      return {
        total,
        data: rows.map(({ user_id, user_login, user_display_name, ...row }) => ({
          ...row,
          requested_by: { id: user_id, login: user_login, display_name: user_display_name },
        })),
      };
    },
  };
}
