import type * as pgTables from "../../src/db/schema/pg.ts";
import type * as sqliteTables from "../../src/db/schema/sqlite.ts";
import type { BulkWriter } from "./bulk-writer.ts";
import { baseNameOf, inBatches, jobIdOf, LANGUAGES, pick } from "./seed-random.ts";

/** What the generator decided for one video. */
export interface Plan {
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

export interface BatchContext {
  rand: () => number;
  iso: (ms: number) => string;
  titleIds: Map<string, number>;
  viewerId: string;
}

/** One transaction: the streams, videos, jobs, parts, labels, spans, timeline and watch state of a batch. */
export async function seedBatch(
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
