import type { DatabaseHandle } from "../../src/db/connection.ts";
import { createRepository } from "../../src/db/repository.ts";
import * as pgTables from "../../src/db/schema/pg.ts";
import * as sqliteTables from "../../src/db/schema/sqlite.ts";
import { bulkWriter } from "./bulk-writer.ts";
import { seedBatch } from "./seed-batch.ts";
import { GAMES, inBatches, LANGUAGES, pick, QUALITIES, random, SYLLABLES, WORDS } from "./seed-random.ts";

/**
 * Generates a realistic library straight into the tables, in batched multi-row inserts inside
 * transactions (recording one video at a time through the repository would take minutes for 100,000).
 * Deterministic for a seed. The shape follows real use: a few channels record most, durations from
 * minutes to marathons, titles and categories that change during a stream, a few recordings running,
 * failed or removed, and a demo user who watched some of it.
 */

export interface SeedOptions {
  videos: number;
  channels: number;
  categories: number;
  seed: number;
  /** The demo user whose watch state is seeded. */
  viewerId: string;
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_SEED: SeedOptions = {
  videos: 100_000,
  channels: 500,
  categories: 300,
  seed: 42,
  viewerId: "1000",
};

/** Videos per transaction. */
const BATCH = 500;
const YEAR_MS = 365 * 24 * 3600_000;

export async function seedLibrary(handle: DatabaseHandle, options: SeedOptions): Promise<{ rows: number }> {
  const db = bulkWriter(handle);
  const t = handle.dialect === "sqlite" ? sqliteTables : pgTables;
  const rand = random(options.seed);
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const stamp = iso(now);

  const [existing] = await db.query("select id from videos limit 1");
  if (existing) throw new Error("the database already holds videos: seed an empty one");

  // People, channels, categories, tags, a pool of titles.
  const channelIds = Array.from({ length: options.channels }, (_, i) => String(100_000 + i));
  const channels = channelIds.map((id, i) => {
    const name = Array.from({ length: 2 + (i % 3) }, () => pick(rand, SYLLABLES)).join("");
    return {
      broadcaster_id: id,
      broadcaster_login: `${name}${i}`,
      broadcaster_name: `${name[0]?.toUpperCase()}${name.slice(1)}${i}`,
      broadcaster_language: pick(rand, LANGUAGES),
      profile_image_url: `https://static-cdn.jtvnw.net/jtv_user_pictures/${id}-profile_image-300x300.png`,
      view_count: Math.floor(rand() * 5_000_000),
      created_at: stamp,
      updated_at: stamp,
    };
  });
  const categories = Array.from({ length: options.categories }, (_, i) => ({
    id: String(500_000 + i),
    name:
      i < GAMES.length
        ? (GAMES[i] as string)
        : `${pick(rand, GAMES)} ${pick(rand, ["II", "Online", "Legends", "Arena"])} ${i}`,
    box_art_url: `https://static-cdn.jtvnw.net/ttv-boxart/${500_000 + i}-{width}x{height}.jpg`,
    created_at: stamp,
    updated_at: stamp,
  }));
  const tagNames = Array.from(
    { length: 60 },
    (_, i) => `${pick(rand, ["English", "Français", "Chill", "Speedrun", "Cozy"])}${i}`,
  );
  const titlePool = Array.from(
    { length: Math.max(50, Math.floor(options.videos / 3)) },
    (_, i) => `${pick(rand, WORDS)} ${pick(rand, WORDS)} — day ${i + 1}`,
  );
  await db.transaction(async (tx) => {
    await tx.insert(t.users, [
      {
        id: options.viewerId,
        login: "demo",
        display_name: "Demo",
        role: "owner",
        created_at: stamp,
        updated_at: stamp,
      },
    ]);
    await inBatches(channels, (b) => tx.insert(t.channels, b));
    await inBatches(categories, (b) => tx.insert(t.categories, b));
    await tx.insert(
      t.tags,
      tagNames.map((name) => ({ name, created_at: stamp })),
    );
    await inBatches(
      titlePool.map((name) => ({ name, created_at: stamp })),
      (b) => tx.insert(t.titles, b),
    );
  });
  let rows = 1 + channels.length + categories.length + tagNames.length + titlePool.length;
  const titleIds = new Map(
    (await db.query("select id, name from titles")).map((r) => [String(r.name), Number(r.id)]),
  );

  // Videos, oldest first over three years; a skewed share per channel; the newest few still recording.
  const running = new Set<string>();
  const span = 3 * YEAR_MS;
  for (let first = 0; first < options.videos; first += BATCH) {
    const plans = Array.from({ length: Math.min(BATCH, options.videos - first) }, (_, k) => {
      const i = first + k;
      const channel = channelIds[Math.floor(options.channels * rand() ** 2)] as string;
      const recording = options.videos - i <= 30 && !running.has(channel) && running.size < 10;
      if (recording) running.add(channel);
      const audio = rand() < 0.05;
      const partCount = rand() < 0.85 ? 1 : rand() < 0.8 ? 2 : 3;
      return {
        i,
        channel,
        start: Math.floor(now - span + (i / options.videos) * span + rand() * 1_800_000),
        recording,
        failed: !recording && rand() < 0.02,
        removed: !recording && rand() < 0.03,
        audio,
        quality: audio ? "audio_only" : pick(rand, QUALITIES),
        duration: rand() < 0.05 ? 14_400 + rand() * 28_800 : 600 + rand() ** 1.5 * 14_000,
        partCount,
        bytesPerSecond: audio ? 20_000 : 400_000 + rand() * 600_000,
        titles: [
          ...new Set(
            Array.from({ length: 1 + Math.floor(rand() * rand() * 3) }, () => pick(rand, titlePool)),
          ),
        ],
        categories: [
          ...new Set(
            Array.from(
              { length: rand() < 0.7 ? 1 : 2 },
              () => categories[Math.floor(options.categories * rand() ** 1.5)]?.id as string,
            ),
          ),
        ],
      };
    });
    rows += await seedBatch(db, t, plans, { rand, iso, titleIds, viewerId: options.viewerId });
    options.onProgress?.(first + plans.length, options.videos);
  }
  // Category stats are kept by the repository's writes; rows inserted directly need one recomputation.
  await createRepository(handle).categories.refreshStats();
  return { rows };
}
