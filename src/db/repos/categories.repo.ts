import { eq, inArray, type SQL, sql } from "drizzle-orm";
import type {
  Category,
  CategoryCursor,
  CategoryListQuery,
  CategoryUpsert,
  CategoryWithStats,
} from "../../domain/channels.ts";
import { InvalidInputError } from "../../domain/errors.ts";
import type { Page } from "../../domain/pagination.ts";
import type { SqlClient } from "../sql/client.ts";
import {
  allColumns,
  asNumber,
  deleteFrom,
  insertInto,
  like,
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
  getById(id: string): Promise<Category | null>;
  /** With the count, total size and newest recording of its (non-removed) videos. */
  getDetail(id: string): Promise<CategoryWithStats | null>;
  list(): Promise<Category[]>;
  /** Categories with at least one non-removed video. */
  listWithVideos(): Promise<Category[]>;
  /** A keyset page of the categories that have videos, with their stats. */
  listPage(query: CategoryListQuery): Promise<Page<CategoryWithStats, CategoryCursor>>;
  /** Name containing the query: exact, prefix, substring; then by name. */
  search(query: string, limit: number): Promise<Category[]>;
  searchWithVideos(query: string, limit: number): Promise<Category[]>;
  /** Categories never looked up on Helix /games (no box art and never checked). */
  listMissingArt(limit: number): Promise<Category[]>;
  setArt(id: string, art: { box_art_url: string | null; igdb_id: string | null }): Promise<void>;
  /** Categories with an IGDB id whose description was never fetched or not since `checkedBefore`. */
  listNeedingDescription(checkedBefore: string, limit: number): Promise<Category[]>;
  setDescription(id: string, description: string | null): Promise<void>;
  /** The category ids Twitch returned for this (normalized) query, if cached and fresh. */
  cachedSearch(normalizedQuery: string): Promise<string[] | null>;
  cacheSearch(normalizedQuery: string, categoryIds: readonly string[], ttlMs: number): Promise<void>;
  /** Deletes expired entries, then the least recently used beyond `maxRows`. */
  sweepSearchCache(maxRows: number): Promise<number>;
}

export function createCategoryRepository(db: SqlClient, clock: Clock): CategoryRepository {
  const { categories, videoCategories, videos, categorySearchCache: cache } = db.tables;
  const columns = allColumns(categories);
  const nameKey = db.fx.orderText(sql`lower(${categories.name})`);
  const idKey = db.fx.orderText(sql`${categories.id}`);

  // Per-category stats over non-removed videos; joined where stats are shown or required.
  const stats = sql`(select ${videoCategories.category_id} as category_id, count(*) as video_count,
      coalesce(sum(${videos.size_bytes}), 0) as total_size, max(${videos.start_download_at}) as latest_video_at
    from ${videoCategories} join ${videos} on ${videos.id} = ${videoCategories.video_id}
    where ${videos.deleted_at} is null group by ${videoCategories.category_id}) stats`;
  const withStats = {
    ...columns,
    video_count: asNumber(sql`stats.video_count`),
    total_size: asNumber(sql`stats.total_size`),
    latest_video_at: like(videos.start_download_at, sql`stats.latest_video_at`),
  };
  const hasVideos = sql`exists (select 1 from ${videoCategories} join ${videos} on ${videos.id} = ${videoCategories.video_id}
    where ${videoCategories.category_id} = ${categories.id} and ${videos.deleted_at} is null)`;

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
      return (await db.first(
        select(columns, sql`from ${categories} where ${eq(categories.id, category.id)}`),
      )) as Category;
    },

    upsertMany: (list) => db.transaction((tx) => ensureCategories(tx, list, isoNow(clock))),

    getById: (id) => db.first(select(columns, sql`from ${categories} where ${eq(categories.id, id)}`)),

    async getDetail(id) {
      const row = await db.first(
        select(
          {
            ...columns,
            video_count: asNumber(
              sql`(select count(*) from ${videoCategories} join ${videos} on ${videos.id} = ${videoCategories.video_id} where ${videoCategories.category_id} = ${categories.id} and ${videos.deleted_at} is null)`,
            ),
            total_size: asNumber(
              sql`(select coalesce(sum(${videos.size_bytes}), 0) from ${videoCategories} join ${videos} on ${videos.id} = ${videoCategories.video_id} where ${videoCategories.category_id} = ${categories.id} and ${videos.deleted_at} is null)`,
            ),
            latest_video_at: like(
              videos.start_download_at,
              sql`(select max(${videos.start_download_at}) from ${videoCategories} join ${videos} on ${videos.id} = ${videoCategories.video_id} where ${videoCategories.category_id} = ${categories.id} and ${videos.deleted_at} is null)`,
            ),
          },
          sql`from ${categories} where ${eq(categories.id, id)}`,
        ),
      );
      return row;
    },

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
            ? sql`stats.video_count`
            : sql`stats.latest_video_at`;
      const keys = [sortKey, idKey];
      const conditions: SQL[] = [];
      if (query.cursor) {
        const value = query.cursor.sort_value;
        const expected = sort === "video_count_desc" ? "number" : "string";
        if (typeof value !== expected || typeof query.cursor.id !== "string") {
          throw new InvalidInputError(`a ${sort} cursor needs a ${expected} sort_value and an id`);
        }
        const valueSql =
          sort === "name_asc"
            ? db.fx.orderText(sql`lower(${value})`)
            : sort === "latest_video_desc"
              ? sql`${sql.param(value, videos.start_download_at)}`
              : sql`${value}`;
        conditions.push(
          afterCursor(keys, [valueSql, db.fx.orderText(sql`${query.cursor.id}`)], order, direction),
        );
      }
      const where = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
      const rows = await db.all(
        select(
          withStats,
          sql`from ${categories} join ${stats} on stats.category_id = ${categories.id} ${where}
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

    listNeedingDescription: (checkedBefore, limit) =>
      db.all(
        select(
          columns,
          sql`from ${categories} where ${categories.igdb_id} is not null
                and (${categories.description_checked_at} is null or ${categories.description_checked_at} < ${sql.param(checkedBefore, categories.description_checked_at)})
              order by ${idKey} limit ${clampLimit(limit, 1000)}`,
        ),
      ),

    async setDescription(id, description) {
      const now = isoNow(clock);
      await db.run(
        update(
          categories,
          { description, description_checked_at: now, updated_at: now },
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
  };
}
