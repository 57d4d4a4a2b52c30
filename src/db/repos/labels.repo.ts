import { asc, inArray, sql } from "drizzle-orm";
import type { CategoryUpsert, Tag, Title } from "../../domain/channels.ts";
import type { SqlClient } from "../sql/client.ts";
import {
  allColumns,
  insertInto,
  onConflictDoNothing,
  onConflictDoUpdate,
  select,
  takeExcluded,
} from "../sql/query.ts";
import { type Clock, isoNow } from "./clock.ts";

/** Deduplicated labels (tags, titles) and categories as other writes meet them. */

export interface TagRepository {
  /** The tags with these names, created when new. */
  ensure(names: readonly string[]): Promise<Tag[]>;
  list(): Promise<Tag[]>;
}

export interface TitleRepository {
  /** The title with this text, created when new. */
  ensure(name: string): Promise<Title>;
}

export function createTagRepository(db: SqlClient, clock: Clock): TagRepository {
  const { tags } = db.tables;
  return {
    ensure: (names) => ensureTags(db, names, isoNow(clock)),
    list: () => db.all(select(allColumns(tags), sql`from ${tags} order by ${asc(tags.name)}`)),
  };
}

export function createTitleRepository(db: SqlClient, clock: Clock): TitleRepository {
  return { ensure: (name) => ensureTitle(db, name, isoNow(clock)) };
}

export async function ensureTags(db: SqlClient, names: readonly string[], now: string): Promise<Tag[]> {
  const { tags } = db.tables;
  const unique = [...new Set(names.map((n) => n.trim()).filter((n) => n.length > 0))];
  if (unique.length === 0) return [];
  await db.run(
    sql`${insertInto(
      tags,
      unique.map((name) => ({ name, created_at: now })),
    )} ${onConflictDoNothing([tags.name])}`,
  );
  return db.all(
    select(allColumns(tags), sql`from ${tags} where ${inArray(tags.name, unique)} order by ${tags.name}`),
  );
}

export async function ensureTitle(db: SqlClient, name: string, now: string): Promise<Title> {
  const { titles } = db.tables;
  await db.run(sql`${insertInto(titles, [{ name, created_at: now }])} ${onConflictDoNothing([titles.name])}`);
  return db.one(select(allColumns(titles), sql`from ${titles} where ${titles.name} = ${name}`));
}

/**
 * Creates or refreshes categories by Twitch id. Only the fields given are written: a stream's category
 * (id and name) must not wipe box art learned elsewhere.
 */
export async function ensureCategories(
  db: SqlClient,
  categories: readonly CategoryUpsert[],
  now: string,
): Promise<void> {
  const { categories: table } = db.tables;
  // One statement may not touch a row twice (Postgres refuses): the last mention of an id wins.
  const byId = new Map(categories.map((c) => [c.id, c]));
  const byShape = new Map<string, CategoryUpsert[]>();
  for (const category of byId.values()) {
    const shape = definedKeys(category).join(",");
    byShape.set(shape, [...(byShape.get(shape) ?? []), category]);
  }
  for (const group of byShape.values()) {
    const rows = group.map((c) => ({ ...c, created_at: now, updated_at: now }));
    const keys = definedKeys(rows[0] ?? {}).filter((k) => k !== "id" && k !== "created_at");
    await db.run(
      sql`${insertInto(table, rows)} ${onConflictDoUpdate(table, [table.id], takeExcluded(table, keys))}`,
    );
  }
}

function definedKeys<T extends object>(value: T): (keyof T & string)[] {
  return (Object.keys(value) as (keyof T & string)[]).filter((k) => value[k] !== undefined).sort();
}
