import { eq, inArray, type SQL, sql } from "drizzle-orm";
import type {
  Category,
  CategoryCursor,
  CategoryListQuery,
  CategoryMetadata,
  CategoryUpsert,
} from "../../domain/channels.ts";
import { InvalidInputError } from "../../domain/errors.ts";
import type { Page } from "../../domain/pagination.ts";
import type { SqlClient } from "../sql/client.ts";
import {
  allColumns,
  deleteFrom,
  insertInto,
  onConflictDoUpdate,
  select,
  takeExcluded,
  update,
} from "../sql/query.ts";
import { type Clock, isoNow, isoPlus } from "./clock.ts";
import { afterCursor, clampLimit, keysetOrder, toPage } from "./keyset.ts";
import { ensureCategories } from "./labels.repo.ts";
import { containsPattern, likeLower, matchRank } from "./text-search.ts";

export interface CategoryRepository {
  /** Creates or refreshes a category; fields left out keep their stored value. */
  upsert(category: CategoryUpsert): Promise<Category>;
  upsertMany(categories: readonly CategoryUpsert[]): Promise<void>;
  /** With the count, total size and newest recording of its non-removed videos. */
  getById(id: string): Promise<Category | null>;
  list(): Promise<Category[]>;
  /** Categories with at least one non-removed video. */
  listWithVideos(): Promise<Category[]>;
  /** A keyset page of the categories that have videos, with their stats. */
  listPage(query: CategoryListQuery): Promise<Page<Category, CategoryCursor>>;
  /** Name containing the query: exact, prefix, substring; then by name. */
  search(query: string, limit: number): Promise<Category[]>;
  searchWithVideos(query: string, limit: number): Promise<Category[]>;
  /** Categories never looked up on Helix /games (no box art and never checked). */
  listMissingArt(limit: number): Promise<Category[]>;
  setArt(id: string, art: { box_art_url: string | null; igdb_id: string | null }): Promise<void>;
  /** Categories with an IGDB id never asked about on IGDB, or not since `checkedBefore`; the oldest first. */
  listNeedingMetadata(checkedBefore: string, limit: number): Promise<Category[]>;
  /** What IGDB said of the category's game (all null/empty when it did not know it), and when. */
  setMetadata(id: string, metadata: CategoryMetadata): Promise<void>;
  /** The category ids Twitch returned for this (normalized) query, if cached and fresh. */
  cachedSearch(normalizedQuery: string): Promise<string[] | null>;
  cacheSearch(normalizedQuery: string, categoryIds: readonly string[], ttlMs: number): Promise<void>;
  /** Deletes expired entries, then the least recently used beyond `maxRows`. */
  sweepSearchCache(maxRows: number): Promise<number>;
  /** Recomputes every category's video stats (after a bulk import; writes keep them current otherwise). */
  refreshStats(): Promise<void>;
}

export function createCategoryRepository(db: SqlClient, clock: Clock): CategoryRepository {
  const { categories, categorySearchCache: cache } = db.tables;
  const columns = allColumns(categories);
  const nameKey = sql`lower(${categories.name})`;
  const idKey = sql`${categories.id}`;

  const hasVideos = sql`${categories.video_count} > 0`;

  const search = (query: string, limit: number, onlyWithVideos: boolean) => {
    if (query.trim() === "") return Promise.resolve([]);
    const filter = onlyWithVideos ? sql` and ${hasVideos}` : sql``;
    return db.all(
      select(
        columns,
        sql`from ${categories} where ${likeLower(sql`${categories.name}`, containsPattern(query))}${filter}
            order by coalesce(${matchRank(sql`${categories.name}`, query, 0)}, 2), ${nameKey}, ${idKey}
            limit ${clampLimit(limit)}`,
      ),
    );
  };

  return {
    async upsert(category) {
      await ensureCategories(db, [category], isoNow(clock));
      return await db.one(select(columns, sql`from ${categories} where ${eq(categories.id, category.id)}`));
    },

    upsertMany: (list) => db.transaction((tx) => ensureCategories(tx, list, isoNow(clock))),

    getById: (id) => db.first(select(columns, sql`from ${categories} where ${eq(categories.id, id)}`)),

    list: () => db.all(select(columns, sql`from ${categories} order by ${nameKey}, ${idKey}`)),

    listWithVideos: () =>
      db.all(select(columns, sql`from ${categories} where ${hasVideos} order by ${nameKey}, ${idKey}`)),

    async listPage(query) {
      const limit = clampLimit(query.limit);
      const sort = query.sort ?? "name_asc";
      const direction = query.direction ?? "forward";
      const order = sort === "name_asc" ? "asc" : "desc";
      const sortKey =
        sort === "name_asc"
          ? nameKey
          : sort === "video_count_desc"
            ? sql`${categories.video_count}`
            : sql`${categories.latest_video_at}`;
      const keys = [sortKey, idKey];
      const conditions: SQL[] = [hasVideos];
      if (query.cursor) {
        const value = query.cursor.sort_value;
        const expected = sort === "video_count_desc" ? "number" : "string";
        if (typeof value !== expected || typeof query.cursor.id !== "string") {
          throw new InvalidInputError(`a ${sort} cursor needs a ${expected} sort_value and an id`);
        }
        const valueSql =
          sort === "name_asc"
            ? sql`lower(${value})`
            : sort === "latest_video_desc"
              ? sql`${sql.param(value, categories.latest_video_at)}`
              : sql`${value}`;
        conditions.push(afterCursor(keys, [valueSql, sql`${query.cursor.id}`], order, direction));
      }
      const rows = await db.all(
        select(
          columns,
          sql`from ${categories} where ${sql.join(conditions, sql` and `)}
              order by ${keysetOrder(keys, order, direction)} limit ${limit + 1}`,
        ),
      );
      return toPage(rows, limit, direction, Boolean(query.cursor), (c) => ({
        sort_value:
          sort === "name_asc" ? c.name : sort === "video_count_desc" ? c.video_count : c.latest_video_at,
        id: c.id,
      }));
    },

    search: (query, limit) => search(query, limit, false),
    searchWithVideos: (query, limit) => search(query, limit, true),

    listMissingArt: (limit) =>
      db.all(
        select(
          columns,
          sql`from ${categories} where ${categories.box_art_url} is null and ${categories.game_metadata_checked_at} is null
              order by ${categories.created_at}, ${idKey} limit ${clampLimit(limit, 1000)}`,
        ),
      ),

    async setArt(id, art) {
      const now = isoNow(clock);
      await db.run(
        update(categories, { ...art, game_metadata_checked_at: now, updated_at: now }, eq(categories.id, id)),
      );
    },

    listNeedingMetadata: (checkedBefore, limit) =>
      db.all(
        select(
          columns,
          sql`from ${categories} where ${categories.igdb_id} is not null and ${categories.igdb_id} <> ''
                and (${categories.description_checked_at} is null or ${categories.description_checked_at} < ${sql.param(checkedBefore, categories.description_checked_at)})
              order by ${categories.description_checked_at} nulls first, ${idKey} limit ${clampLimit(limit, 1000)}`,
        ),
      ),

    async setMetadata(id, metadata) {
      const now = isoNow(clock);
      await db.run(
        update(
          categories,
          {
            description: metadata.description,
            genres: [...metadata.genres],
            release_year: metadata.release_year,
            description_checked_at: now,
            updated_at: now,
          },
          eq(categories.id, id),
        ),
      );
    },

    async cachedSearch(normalizedQuery) {
      const now = isoNow(clock);
      const entry = await db.first(
        select(
          { ids: cache.category_ids },
          sql`from ${cache} where ${eq(cache.normalized_query, normalizedQuery)} and ${cache.expires_at} > ${sql.param(now, cache.expires_at)}`,
        ),
      );
      if (!entry) return null;
      await db.run(update(cache, { last_accessed_at: now }, eq(cache.normalized_query, normalizedQuery)));
      return entry.ids;
    },

    async cacheSearch(normalizedQuery, categoryIds, ttlMs) {
      const now = isoNow(clock);
      const row = {
        normalized_query: normalizedQuery,
        category_ids: [...categoryIds],
        expires_at: isoPlus(clock, ttlMs),
        last_accessed_at: now,
        created_at: now,
      };
      await db.run(
        sql`${insertInto(cache, [row])} ${onConflictDoUpdate(cache, [cache.normalized_query], takeExcluded(cache, ["category_ids", "expires_at", "last_accessed_at"]))}`,
      );
    },

    sweepSearchCache: (maxRows) =>
      db.transaction(async (tx) => {
        const c = tx.tables.categorySearchCache;
        const expired = await tx.run(
          deleteFrom(c, sql`${c.expires_at} <= ${sql.param(isoNow(clock), c.expires_at)}`),
        );
        // The cache holds about maxRows entries: reading its keys is cheap.
        const overflow = await tx.all(
          select(
            { key: c.normalized_query },
            sql`from ${c} order by ${c.last_accessed_at} desc, ${c.normalized_query}`,
          ),
        );
        const evict = overflow.slice(Math.max(0, maxRows)).map((r) => r.key);
        const evicted = evict.length ? await tx.run(deleteFrom(c, inArray(c.normalized_query, evict))) : 0;
        return expired + evicted;
      }),

    refreshStats: () => db.transaction((tx) => refreshCategoryStats(tx, null, isoNow(clock))),
  };
}

/**
 * Recomputes the video stats of these categories (all when null) from their non-removed videos, in the
 * caller's transaction: every write that adds a video to a category, changes its size or removes it calls
 * this, so category pages read plain columns.
 */
export async function refreshCategoryStats(
  db: SqlClient,
  categoryIds: readonly string[] | null,
  now: string,
): Promise<void> {
  if (categoryIds !== null && categoryIds.length === 0) return;
  const { categories, videoCategories: vc, videos } = db.tables;
  const stats = sql`(select count(*), coalesce(sum(${videos.size_bytes}), 0), max(${videos.start_download_at})
    from ${vc} join ${videos} on ${videos.id} = ${vc.video_id}
    where ${vc.category_id} = ${categories.id} and ${videos.deleted_at} is null)`;
  const which =
    categoryIds === null ? sql`` : sql` where ${inArray(categories.id, [...new Set(categoryIds)])}`;
  await db.run(
    sql`update ${categories} set (${sql.identifier("video_count")}, ${sql.identifier("total_size")}, ${sql.identifier("latest_video_at")}) = ${stats},
        ${sql.identifier("updated_at")} = ${sql.param(now, categories.updated_at)}${which}`,
  );
}

/** Refreshes the stats of every category a video is in. */
export async function refreshCategoryStatsOfVideo(
  db: SqlClient,
  videoId: number,
  now: string,
): Promise<void> {
  const { videoCategories: vc } = db.tables;
  const rows = await db.all(
    select({ id: vc.category_id }, sql`from ${vc} where ${vc.video_id} = ${videoId}`),
  );
  await refreshCategoryStats(
    db,
    rows.map((r) => r.id),
    now,
  );
}
