import { type SQL, sql } from "drizzle-orm";
import { InvalidInputError } from "../../domain/errors.ts";
import {
  type CategoryShare,
  type ChannelShare,
  type LanguageShare,
  type LibraryBreakdown,
  type LibraryShare,
  MAX_TIME_BUCKETS,
  type TimeBucket,
} from "../../domain/video-stats.ts";
import type { SqlClient } from "../sql/client.ts";
import { asNullableText, asNumber, type Expr, select } from "../sql/query.ts";
import { clampLimit } from "./keyset.ts";

/**
 * The library's statistics beyond `videos.statistics`: shares per channel, category and language, and
 * recordings over time. Removed recordings are left out, as in every other total: this is the library as
 * it stands. Each answer is one aggregate over the library (tens of milliseconds at 100,000 videos).
 */
export interface VideoStatsRepository {
  /** The languages recorded, most recordings first (at most 100). */
  languages(): Promise<LanguageShare[]>;
  /** The `limit` channels and primary categories with the most recorded time, and the audio-only share. */
  breakdown(limit: number): Promise<LibraryBreakdown>;
  /**
   * Recordings per interval between consecutive `boundaries` (ascending instants; the caller picks days,
   * weeks or months in its own time zone), by the time they started.
   * @throws InvalidInputError when the boundaries are not ascending or too many
   */
  overTime(boundaries: readonly string[]): Promise<TimeBucket[]>;
}

export function createVideoStatsRepository(db: SqlClient): VideoStatsRepository {
  const { videos: v, channels: c, categories: cat } = db.tables;
  const active = sql`${v.deleted_at} is null`;
  const share = (where: SQL = sql`true`) => ({
    count: asNumber(sql`count(*) filter (where ${where})`),
    size_bytes: asNumber(sql`coalesce(sum(${v.size_bytes}) filter (where ${where}), 0)`),
    duration_seconds: asNumber(sql`coalesce(sum(${v.duration_seconds}) filter (where ${where}), 0)`),
  });
  // Grouped shares, ranked inside the subquery so only `limit` rows are joined to their names. The key is
  // grouped as `key || ''` (the same text, null stays null): on the bare column SQLite walks its index in
  // key order with a table lookup per row, 3-4x slower at 100,000 videos than the plain scan this gets.
  const ranked = (column: SQL, limit: number) => {
    const key = sql`(${column} || '')`;
    return sql`(
    select ${key} as grp, count(*) as n, coalesce(sum(${v.size_bytes}), 0) as size,
      coalesce(sum(${v.duration_seconds}), 0) as dur
    from ${v} where ${active} group by ${key}
    order by dur desc, n desc, ${key} limit ${clampLimit(limit, 50)}) s`;
  };
  const shareOf = {
    count: asNumber(sql`s.n`),
    size_bytes: asNumber(sql`s.size`),
    duration_seconds: asNumber(sql`s.dur`),
  };

  return {
    languages: () =>
      db.all(
        select(
          { language: v.language, count: asNumber(sql`count(*)`) },
          sql`from ${v} where ${active} group by ${v.language} order by count(*) desc, ${v.language} limit 100`,
        ),
      ),

    async breakdown(limit) {
      const [channels, categories, audio] = await Promise.all([
        db.all(
          select(
            {
              broadcaster_id: c.broadcaster_id,
              broadcaster_login: c.broadcaster_login,
              broadcaster_name: c.broadcaster_name,
              profile_image_url: c.profile_image_url,
              ...shareOf,
            },
            sql`from ${ranked(sql`${v.broadcaster_id}`, limit)} join ${c} on ${c.broadcaster_id} = s.grp
                order by s.dur desc, s.n desc, ${c.broadcaster_id}`,
          ),
        ) satisfies Promise<ChannelShare[]>,
        db.all(
          select(
            {
              category_id: asNullableText(sql`s.grp`),
              name: asNullableText(sql`${cat.name}`),
              box_art_url: asNullableText(sql`${cat.box_art_url}`),
              ...shareOf,
            },
            sql`from ${ranked(sql`${v.primary_category_id}`, limit)} left join ${cat} on ${cat.id} = s.grp
                order by s.dur desc, s.n desc, s.grp`,
          ),
        ) satisfies Promise<CategoryShare[]>,
        db.first(select(share(sql`${v.recording_type} = 'audio'`), sql`from ${v} where ${active}`)),
      ]);
      const none: LibraryShare = { count: 0, size_bytes: 0, duration_seconds: 0 };
      return { channels, categories, audio_only: audio ?? none };
    },

    async overTime(boundaries) {
      const times = boundaries.map((b) => Date.parse(b));
      if (times.length < 2 || times.length > MAX_TIME_BUCKETS + 1) {
        throw new InvalidInputError(`boundaries: give 2 to ${MAX_TIME_BUCKETS + 1} instants`);
      }
      if (times.some((t, i) => Number.isNaN(t) || (i > 0 && t <= (times[i - 1] as number)))) {
        throw new InvalidInputError("boundaries: instants must be valid and strictly ascending");
      }
      const at = (i: number) => sql.param(boundaries[i] as string, v.start_download_at);
      const within = (i: number) =>
        sql`${v.start_download_at} >= ${at(i)} and ${v.start_download_at} < ${at(i + 1)}`;
      // One pass over the covered range (an index range on start_download_at), one filtered sum per bucket.
      const fields: Record<string, Expr<number>> = {};
      for (let i = 0; i + 1 < boundaries.length; i++) {
        for (const [name, e] of Object.entries(share(within(i)))) fields[`${name}_${i}`] = e;
      }
      const row = await db.first(
        select(
          fields,
          sql`from ${v} where ${active} and ${v.start_download_at} >= ${at(0)}
              and ${v.start_download_at} < ${at(boundaries.length - 1)}`,
        ),
      );
      return boundaries.slice(0, -1).map((from, i) => ({
        from: new Date(from).toISOString(),
        to: new Date(boundaries[i + 1] as string).toISOString(),
        count: row?.[`count_${i}`] ?? 0,
        size_bytes: row?.[`size_bytes_${i}`] ?? 0,
        duration_seconds: row?.[`duration_seconds_${i}`] ?? 0,
      }));
    },
  };
}
