import type { DatabaseHandle } from "../../src/db/connection.ts";
import { createRepository } from "../../src/db/repository.ts";
import * as pgTables from "../../src/db/schema/pg.ts";
import * as sqliteTables from "../../src/db/schema/sqlite.ts";
import { type BulkWriter, bulkWriter } from "./bulk-writer.ts";

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

const BATCH = 500;
const YEAR_MS = 365 * 24 * 3600_000;

/** mulberry32: a small seeded PRNG, so the same seed gives the same library. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  "ka",
  "ri",
  "zo",
  "mel",
  "dra",
  "vex",
  "lu",
  "no",
  "tor",
  "shi",
  "pa",
  "gen",
  "qua",
  "bo",
  "lin",
  "fyr",
];
const GAMES = [
  "Just Chatting",
  "Elden Ring",
  "Minecraft",
  "Chess",
  "Fortnite",
  "Dota 2",
  "Valorant",
  "Art",
  "Music",
  "Factorio",
];
const WORDS = [
  "grinding",
  "speedrun",
  "ranked",
  "chill",
  "marathon",
  "first playthrough",
  "tournament",
  "coding",
  "cozy",
  "hardcore",
  "any%",
  "100%",
  "challenge",
  "viewer games",
  "late night",
];
const LANGUAGES = ["en", "en", "en", "en", "en", "en", "fr", "fr", "de", "es", "ja", "pt"];
const QUALITIES = [
  "1080p",
  "1080p",
  "1080p",
  "1080p",
  "1080p",
  "1080p",
  "720p",
  "720p",
  "720p",
  "1440p",
  "480p",
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

async function inBatches<T>(rows: readonly T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

const jobIdOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
const baseNameOf = (i: number) => `seed-${String(i).padStart(7, "0")}`;

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

interface Plan {
  i: number;
  channel: string;
  start: number;
  recording: boolean;
  failed: boolean;
  removed: boolean;
  audio: boolean;
  quality: string;
  duration: number;
  partCount: number;
  bytesPerSecond: number;
  titles: string[];
  categories: string[];
}

interface BatchContext {
  rand: () => number;
  iso: (ms: number) => string;
  titleIds: Map<string, number>;
  viewerId: string;
}

/** One transaction: the streams, videos, jobs, parts, labels, spans, timeline and watch state of a batch. */
async function seedBatch(
  db: BulkWriter,
  t: typeof sqliteTables | typeof pgTables,
  plans: Plan[],
  ctx: BatchContext,
): Promise<number> {
  const { rand, iso } = ctx;
  const at = (p: Plan, fraction: number) => iso(p.start + p.duration * 1000 * fraction);
  const open = (p: Plan, k: number, n: number) => p.recording && k === n - 1;
  let rows = 0;
  await db.transaction(async (tx) => {
    const insert: BulkWriter["insert"] = async (table, list, returning) => {
      rows += list.length;
      return tx.insert(table, list, returning);
    };
    await insert(
      t.streams,
      plans.map((p) => ({
        id: `s${p.i}`,
        broadcaster_id: p.channel,
        language: "en",
        viewer_count: Math.floor(rand() * 10_000),
        started_at: iso(p.start),
        ended_at: p.recording ? null : at(p, 1),
        created_at: iso(p.start),
        updated_at: iso(p.start),
      })),
    );
    const inserted = await insert(
      t.videos,
      plans.map((p) => ({
        job_id: jobIdOf(p.i),
        filename: baseNameOf(p.i),
        display_name: p.titles[0] as string,
        title: p.titles[0] as string,
        status: p.recording ? ("RUNNING" as const) : p.failed ? ("FAILED" as const) : ("DONE" as const),
        quality: p.audio ? ("audio_only" as const) : ("source" as const),
        selected_quality: p.quality,
        selected_fps: p.audio ? null : 60,
        recording_type: p.audio ? ("audio" as const) : ("video" as const),
        force_h264: false,
        broadcaster_id: p.channel,
        stream_id: `s${p.i}`,
        primary_category_id: p.categories[0] ?? null,
        viewer_count: Math.floor(rand() ** 3 * 50_000),
        language: pick(rand, LANGUAGES),
        duration_seconds: p.recording ? null : Math.round(p.duration * 1000) / 1000,
        size_bytes: p.recording ? null : Math.round(p.duration * p.bytesPerSecond),
        thumbnail: p.audio ? null : `thumbnails/${baseNameOf(p.i)}-part01.jpg`,
        error: p.failed ? "playlist gone after retries" : null,
        start_download_at: iso(p.start),
        downloaded_at: p.recording ? null : at(p, 1),
        completion_kind: p.failed ? ("partial" as const) : ("complete" as const),
        truncated: p.failed || rand() < 0.01,
        deleted_at: p.removed ? at(p, 1) : null,
        deletion_kind: p.removed ? ("retention" as const) : null,
        updated_at: at(p, 1),
      })),
      ["id", "filename"],
    );
    const ids = new Map(inserted.map((r) => [String(r.filename), Number(r.id)]));
    const vid = (p: Plan) => ids.get(baseNameOf(p.i)) as number;
    await insert(
      t.jobs,
      plans.map((p) => ({
        id: jobIdOf(p.i),
        video_id: vid(p),
        broadcaster_id: p.channel,
        status: p.recording ? ("RUNNING" as const) : p.failed ? ("FAILED" as const) : ("DONE" as const),
        started_at: iso(p.start),
        finished_at: p.recording ? null : at(p, 1),
        resume_state: { stage: p.recording ? "SEGMENTS" : "DONE", part: p.partCount },
        checkpoint_at: at(p, 1),
        created_at: iso(p.start),
        updated_at: at(p, 1),
      })),
    );
    const parts = plans
      .filter((p) => !p.removed)
      .flatMap((p) =>
        Array.from({ length: p.partCount }, (_, k) => ({
          video_id: vid(p),
          part_index: k + 1,
          filename: `${baseNameOf(p.i)}-part${String(k + 1).padStart(2, "0")}.${p.audio ? "m4a" : "mp4"}`,
          quality: p.quality,
          fps: p.audio ? null : 60,
          codec: p.audio ? ("aac" as const) : ("h264" as const),
          segment_format: "ts" as const,
          duration_seconds: Math.round((p.duration / p.partCount) * 1000) / 1000,
          size_bytes: Math.round((p.duration / p.partCount) * p.bytesPerSecond),
          start_media_seq: k * 10_000,
          end_media_seq: open(p, k, p.partCount)
            ? null
            : k * 10_000 + Math.floor(p.duration / p.partCount / 2),
          finalized_at: open(p, k, p.partCount) ? null : at(p, (k + 1) / p.partCount),
          created_at: at(p, k / p.partCount),
          updated_at: at(p, (k + 1) / p.partCount),
        })),
      );
    await inBatches(parts, (b) => insert(t.videoParts, b));
    const titles = plans.flatMap((p) =>
      p.titles.map((name, k) => ({ p, id: ctx.titleIds.get(name) as number, k, n: p.titles.length })),
    );
    await inBatches(titles, (b) =>
      insert(
        t.videoTitles,
        b.map(({ p, id, k, n }) => ({ video_id: vid(p), title_id: id, linked_at: at(p, k / n) })),
      ),
    );
    await inBatches(titles, (b) =>
      insert(
        t.videoTitleSpans,
        b.map(({ p, id, k, n }) => ({
          video_id: vid(p),
          title_id: id,
          started_at: at(p, k / n),
          ended_at: open(p, k, n) ? null : at(p, (k + 1) / n),
          duration_seconds: open(p, k, n) ? 0 : p.duration / n,
        })),
      ),
    );
    await inBatches(titles, (b) =>
      insert(
        t.videoMetadataChanges,
        b.map(({ p, id, k, n }) => ({
          video_id: vid(p),
          occurred_at: at(p, k / n),
          title_id: id,
          category_id: k === 0 ? (p.categories[0] ?? null) : null,
          media_offset_seconds: (p.duration * k) / n,
        })),
      ),
    );
    const labels = plans.flatMap((p) => p.categories.map((id, k) => ({ p, id, k, n: p.categories.length })));
    await inBatches(labels, (b) =>
      insert(
        t.videoCategories,
        b.map(({ p, id, k, n }) => ({ video_id: vid(p), category_id: id, linked_at: at(p, k / n) })),
      ),
    );
    await inBatches(labels, (b) =>
      insert(
        t.videoCategorySpans,
        b.map(({ p, id, k, n }) => ({
          video_id: vid(p),
          category_id: id,
          started_at: at(p, k / n),
          ended_at: open(p, k, n) ? null : at(p, (k + 1) / n),
          duration_seconds: open(p, k, n) ? 0 : p.duration / n,
        })),
      ),
    );
    await insert(
      t.streamCategories,
      plans.flatMap((p) =>
        p.categories[0]
          ? [{ stream_id: `s${p.i}`, category_id: p.categories[0], linked_at: iso(p.start) }]
          : [],
      ),
    );
    const watched = plans.filter((p) => !p.recording && !p.removed && !p.failed && rand() < 0.06);
    await insert(
      t.videoUserStates,
      watched.map((p) => {
        const completed = rand() < 0.4;
        return {
          user_id: ctx.viewerId,
          video_id: vid(p),
          watch_later: rand() < 0.2,
          last_position_seconds: completed ? p.duration : Math.floor(rand() * p.duration),
          last_progress_at_ms: Math.floor(p.start + p.duration * 1000 + rand() * 30 * 24 * 3600_000),
          watched_at: at(p, 1),
          completed_at: completed ? at(p, 1) : null,
          updated_at: at(p, 1),
        };
      }),
    );
  });
  return rows;
}
