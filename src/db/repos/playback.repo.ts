import { and, eq, type SQL, sql } from "drizzle-orm";
import { NotFoundError } from "../../domain/errors.ts";
import type { PlaybackAsset, PlaybackStatus } from "../../domain/videos.ts";
import type { SqlClient } from "../sql/client.ts";
import {
  allColumns,
  deleteFrom,
  insertInto,
  onConflictDoUpdate,
  returning,
  select,
  sumOf,
  takeExcluded,
  update,
} from "../sql/query.ts";
import { type Clock, isoNow } from "./clock.ts";

export interface ReadyAsset {
  filename: string;
  mime_type: string;
  duration_seconds: number | null;
  size_bytes: number;
}

/** The single-file playback artifacts of multi-part videos (the playback cache). */
export interface PlaybackAssetRepository {
  get(videoId: number): Promise<PlaybackAsset | null>;
  /** A build is queued or running (progress null until it starts); any earlier outcome is forgotten. */
  markBuilding(videoId: number): Promise<PlaybackAsset>;
  /** How far a running build is (0–1); ignored unless the row is `building`. */
  setProgress(videoId: number, progress: number): Promise<void>;
  markReady(videoId: number, asset: ReadyAsset): Promise<PlaybackAsset>;
  /** `failed`: may be tried again later; `unavailable`: never will be (e.g. parts that cannot be joined). */
  markFailed(
    videoId: number,
    outcome: { status: "failed" | "unavailable"; error: string },
  ): Promise<PlaybackAsset>;
  /** Notes a playback start (the cache evicts the least recently used). */
  touch(videoId: number): Promise<void>;
  /** Ready artifacts, least recently used first: the eviction order. */
  listReadyByLeastRecentUse(limit: number): Promise<PlaybackAsset[]>;
  /** Rows in `status`, oldest change first (the maintenance task's look for stale ones). */
  listByStatus(status: PlaybackStatus, limit: number): Promise<PlaybackAsset[]>;
  totalReadyBytes(): Promise<number>;
  delete(videoId: number): Promise<boolean>;
  /**
   * Deletes the row only while it is still in `status` (and names `filename`, when given): a stale row goes
   * without taking a newer outcome with it.
   */
  deleteIf(videoId: number, expected: { status: PlaybackStatus; filename?: string }): Promise<boolean>;
}

export function createPlaybackAssetRepository(db: SqlClient, clock: Clock): PlaybackAssetRepository {
  const { videoPlaybackAssets: a } = db.tables;
  const columns = allColumns(a);
  const write = async (
    videoId: number,
    values: Omit<typeof a.$inferInsert, "video_id" | "created_at" | "updated_at">,
  ) => {
    const now = isoNow(clock);
    const row = {
      filename: null,
      mime_type: null,
      duration_seconds: null,
      size_bytes: null,
      error: null,
      progress: null,
      generated_at: null,
      ...values,
      video_id: videoId,
      created_at: now,
      updated_at: now,
    };
    try {
      const asset = await db.one(
        returning(
          a,
          sql`${insertInto(a, [row])} ${onConflictDoUpdate(
            a,
            [a.video_id],
            takeExcluded(a, [
              "status",
              "filename",
              "mime_type",
              "duration_seconds",
              "size_bytes",
              "error",
              "progress",
              "generated_at",
              "updated_at",
            ]),
          )}`,
        ),
      );
      return asset;
    } catch (err) {
      if (db.isForeignKeyViolation(err)) throw new NotFoundError(`no video ${videoId}`);
      throw err;
    }
  };
  return {
    get: (videoId) => db.first(select(columns, sql`from ${a} where ${eq(a.video_id, videoId)}`)),
    markBuilding: (videoId) => write(videoId, { status: "building" }),
    async setProgress(videoId, progress) {
      const clamped = Math.min(1, Math.max(0, Number.isFinite(progress) ? progress : 0));
      await db.run(
        update(
          a,
          { progress: clamped, updated_at: isoNow(clock) },
          and(eq(a.video_id, videoId), eq(a.status, "building")) as SQL,
        ),
      );
    },
    markReady: (videoId, asset) => write(videoId, { status: "ready", ...asset, generated_at: isoNow(clock) }),
    markFailed: (videoId, outcome) => write(videoId, { status: outcome.status, error: outcome.error }),
    async touch(videoId) {
      await db.run(update(a, { last_accessed_at: isoNow(clock) }, eq(a.video_id, videoId)));
    },
    listReadyByLeastRecentUse: (limit) =>
      db.all(
        select(
          columns,
          sql`from ${a} where ${a.status} = 'ready'
              order by ${a.last_accessed_at} nulls first, ${a.generated_at}, ${a.video_id} limit ${Math.max(1, Math.trunc(limit))}`,
        ),
      ),
    listByStatus: (status, limit) =>
      db.all(
        select(
          columns,
          sql`from ${a} where ${eq(a.status, status)}
              order by ${a.updated_at}, ${a.video_id} limit ${Math.max(1, Math.trunc(limit))}`,
        ),
      ),
    async totalReadyBytes() {
      return (
        (await db.first(select({ total: sumOf(a.size_bytes) }, sql`from ${a} where ${a.status} = 'ready'`)))
          ?.total ?? 0
      );
    },
    async delete(videoId) {
      return (await db.run(deleteFrom(a, eq(a.video_id, videoId)))) > 0;
    },
    async deleteIf(videoId, expected) {
      const where = and(
        eq(a.video_id, videoId),
        eq(a.status, expected.status),
        expected.filename === undefined ? undefined : eq(a.filename, expected.filename),
      ) as SQL;
      return (await db.run(deleteFrom(a, where))) > 0;
    },
  };
}
