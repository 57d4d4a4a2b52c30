// A seeded library for the API benchmarks (and scripts/bench-db.ts): a database migrated and holding the
// wanted number of videos, seeded once and reused by later runs.
import postgres from "postgres";
import { type DatabaseHandle, openDatabase } from "../../src/db/connection.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createRepository, type Repository } from "../../src/db/repository.ts";
import type { VideoCursor, VideoListQuery } from "../../src/domain/videos.ts";
import { DEFAULT_SEED, seedLibrary } from "../lib/seed-library.ts";

/** Creates a Postgres database named by the URL's path when it does not exist. */
export async function ensurePgDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  try {
    const [found] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!found) await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}

/**
 * Opens and migrates the database; when it holds no videos and `seed` is set, seeds `videos` of them (the
 * seed's viewer is user "1000", an owner). Without `seed`, an empty database is an error.
 */
export async function openLibrary(
  url: string,
  options: { seed: boolean; videos?: number; log?: (m: string) => void },
): Promise<DatabaseHandle> {
  if (url.startsWith("postgres") && options.seed) await ensurePgDatabase(url);
  const db = await openDatabase(url, { poolSize: 4 });
  await migrate(db);
  const repo = createRepository(db);
  const { total } = await repo.videos.statistics(null);
  if (total === 0) {
    if (!options.seed)
      throw new Error(`${db.displayUrl} has no videos: run with --seed (or scripts/seed.ts) first`);
    const videos = options.videos ?? DEFAULT_SEED.videos;
    (options.log ?? ((m) => process.stderr.write(`${m}\n`)))(
      `seeding ${db.displayUrl} with ${videos} videos…`,
    );
    if (db.dialect === "sqlite") db.client.exec("PRAGMA synchronous = OFF");
    await seedLibrary(db, { ...DEFAULT_SEED, videos });
    // VACUUM too: a freshly bulk-loaded table has no visibility map and unset hint bits, so the first
    // queries would write them (and race autovacuum) while being measured; a library in use has both.
    if (db.dialect === "pg") await db.client.unsafe("VACUUM ANALYZE");
    else db.client.exec("PRAGMA synchronous = NORMAL; ANALYZE");
  }
  return db;
}

/** The cursor `depth` items into the list, found by paging (as a user scrolling would). */
export async function cursorAt(
  repo: Repository,
  query: Omit<VideoListQuery, "limit" | "cursor">,
  depth: number,
): Promise<VideoCursor | null> {
  let cursor: VideoCursor | null = null;
  for (let seen = 0; seen < depth; seen += 200) {
    const page = await repo.videos.listPage({ ...query, limit: 200, cursor });
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return cursor;
}
