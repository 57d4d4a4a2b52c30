import { eq, type SQL, sql } from "drizzle-orm";
import { InvalidInputError } from "../../domain/errors.ts";
import type { VideoCursor, VideoFilters, VideoSort } from "../../domain/videos.ts";
import { zeroIfNull } from "../schema/constraints.ts";
import type { Tables } from "../sql/client.ts";
import { asNullableNumber, asNullableText, type Expr, nullable } from "../sql/query.ts";

/** The WHERE conditions and keyset sort keys of the library's video list (pure SQL building). */

const GIB = 1024 ** 3;
const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Conditions for the filters; `now` anchors `window: this_week`. Needs the joins of `fromVideoView`. */
export function videoConditions(t: Tables, filters: VideoFilters, viewerId: string | null, now: Date): SQL[] {
  const { videos: v, videoCategories: vc, videoUserStates: us } = t;
  const conditions: SQL[] = [];
  const scope = filters.scope ?? "active";
  if (scope === "active") conditions.push(sql`${v.deleted_at} is null`);
  if (scope === "removed") conditions.push(sql`${v.deleted_at} is not null`);
  if (filters.status) conditions.push(eq(v.status, filters.status));
  if (filters.terminal_only) conditions.push(sql`${v.status} in ('DONE', 'FAILED')`);
  if (filters.quality) conditions.push(eq(v.selected_quality, filters.quality));
  if (filters.broadcaster_id) conditions.push(eq(v.broadcaster_id, filters.broadcaster_id));
  if (filters.language) conditions.push(eq(v.language, filters.language));
  if (filters.category_id) {
    conditions.push(
      sql`exists (select 1 from ${vc} where ${vc.video_id} = ${v.id} and ${eq(vc.category_id, filters.category_id)})`,
    );
  }
  if (filters.duration)
    conditions.push(inRange(sql`${v.duration_seconds}`, DURATION_RANGES[filters.duration]));
  if (filters.size) conditions.push(inRange(sql`${v.size_bytes}`, SIZE_RANGES[filters.size]));
  if (filters.window === "this_week") {
    conditions.push(
      sql`${v.start_download_at} >= ${sql.param(new Date(now.getTime() - WEEK_MS).toISOString(), v.start_download_at)}`,
    );
  }
  if (filters.completion_kind) conditions.push(eq(v.completion_kind, filters.completion_kind));
  // Both bounds seek into videos_by_start; values are encoded by the column (any offset in, UTC stored).
  if (filters.recorded_from) {
    conditions.push(sql`${v.start_download_at} >= ${sql.param(filters.recorded_from, v.start_download_at)}`);
  }
  if (filters.recorded_to) {
    conditions.push(sql`${v.start_download_at} < ${sql.param(filters.recorded_to, v.start_download_at)}`);
  }
  if (filters.incomplete_only)
    conditions.push(sql`(${v.completion_kind} = 'partial' or ${v.truncated} = true)`);
  // Written as (NOT) EXISTS rather than tests on the outer-joined row: Postgres estimates `joined.col IS
  // NULL` after a LEFT JOIN as almost no rows and then picks nested loops over the whole library.
  const state = (test: SQL) =>
    sql`exists (select 1 from ${us} where ${us.video_id} = ${v.id} and ${us.user_id} = ${viewerId} and ${test})`;
  if (filters.watch_later_only) {
    conditions.push(viewerId === null ? sql`1 = 0` : state(sql`${us.watch_later} = true`));
  }
  if (filters.unwatched_only && viewerId !== null) {
    conditions.push(sql`not ${state(sql`${us.watched_at} is not null`)}`);
  }
  return conditions;
}

type Range = readonly [min: number | null, max: number | null];

/** Half-open ranges [min, max): short < 30 min ≤ medium < 2 h ≤ long < 4 h ≤ marathon. */
export const DURATION_RANGES: Record<NonNullable<VideoFilters["duration"]>, Range> = {
  short: [null, 1800],
  medium: [1800, 7200],
  long: [7200, 14400],
  marathon: [14400, null],
};

/** small < 1 GiB ≤ medium < 4 GiB ≤ large. */
export const SIZE_RANGES: Record<NonNullable<VideoFilters["size"]>, Range> = {
  small: [null, GIB],
  medium: [GIB, 4 * GIB],
  large: [4 * GIB, null],
};

function inRange(value: SQL, [min, max]: Range): SQL {
  const parts = [sql`${value} is not null`];
  if (min !== null) parts.push(sql`${value} >= ${min}`);
  if (max !== null) parts.push(sql`${value} < ${max}`);
  return sql`(${sql.join(parts, sql` and `)})`;
}

export interface VideoSortPlan {
  /** Sort keys, most significant first: the sort's own value (if any), start_download_at, id. */
  keys: SQL[];
  /** The sort's own value as a select-list entry (for cursors); null for `created_at`. */
  value: Expr<string | number | null> | null;
  /** A condition rows must meet to have a sort value (history: watched at least once). */
  requires: SQL | null;
  /** The cursor as SQL values in key order. */
  cursorValues(cursor: VideoCursor): SQL[];
}

export function videoSort(t: Tables, sort: VideoSort): VideoSortPlan {
  const { videos: v, channels: c, videoUserStates: us } = t;
  const tail = [sql`${v.start_download_at}`, sql`${v.id}`];
  const own = (
    key: SQL,
    value: Expr<string | number | null>,
    kind: "number" | "string",
    requires: SQL | null = null,
  ) => ({
    keys: [key, ...tail],
    value,
    requires,
    cursorValues(cursor: VideoCursor) {
      if (typeof cursor.sort_value !== kind) {
        throw new InvalidInputError(`a cursor for sort "${sort}" needs a ${kind} sort_value`);
      }
      const own = kind === "string" ? sql`${cursor.sort_value}` : sql`${cursor.sort_value}`;
      return [own, ...tailValues(cursor)];
    },
  });
  const tailValues = (cursor: VideoCursor) => [
    sql`${sql.param(cursor.start_download_at, v.start_download_at)}`,
    sql`${cursor.id}`,
  ];
  switch (sort) {
    case "created_at":
      return { keys: tail, value: null, requires: null, cursorValues: tailValues };
    case "duration": {
      const key = zeroIfNull(v.duration_seconds);
      return own(key, asNullableNumber(key), "number");
    }
    case "size": {
      const key = zeroIfNull(v.size_bytes);
      return own(key, asNullableNumber(key), "number");
    }
    case "channel": {
      const key = sql`lower(${c.broadcaster_name})`;
      return own(key, asNullableText(sql`lower(${c.broadcaster_name})`), "string");
    }
    case "downloaded_at": {
      // A timestamp: the cursor's value goes through the column's own encoding, as start_download_at does.
      const key = sql`${v.downloaded_at}`;
      return {
        keys: [key, ...tail],
        value: nullable(v.downloaded_at),
        requires: sql`${v.downloaded_at} is not null`,
        cursorValues(cursor: VideoCursor) {
          if (typeof cursor.sort_value !== "string" || Number.isNaN(Date.parse(cursor.sort_value))) {
            throw new InvalidInputError(`a cursor for sort "${sort}" needs a timestamp sort_value`);
          }
          return [sql`${sql.param(cursor.sort_value, v.downloaded_at)}`, ...tailValues(cursor)];
        },
      };
    }
    case "history_when": {
      const key = sql`${us.last_progress_at_ms}`;
      return own(key, asNullableNumber(key), "number", sql`${us.last_progress_at_ms} is not null`);
    }
  }
}
