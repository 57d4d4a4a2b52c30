import { eq, sql } from "drizzle-orm";
import type { CategoryUpsert } from "../../domain/channels.ts";
import type { CategorySpan, GapMarker, MetadataChange, TitleSpan } from "../../domain/timeline.ts";
import type { SqlClient } from "../sql/client.ts";
import {
  allColumns,
  deleteFrom,
  insertInto,
  nullable,
  onConflictDoNothing,
  select,
  update,
} from "../sql/query.ts";
import { refreshCategoryStats } from "./categories.repo.ts";
import { type Clock, isoNow } from "./clock.ts";
import { ensureCategories, ensureTitle } from "./labels.repo.ts";

export interface MetadataUpdate {
  title?: string | null;
  category?: CategoryUpsert | null;
  /** When it happened (default now). */
  occurred_at?: string;
  /** Where in the recorded media, when known. */
  media_offset_seconds?: number | null;
}

export interface TimelineRepository {
  /**
   * Records a title and/or category change of a recording: the open span of what changed is closed, a
   * new one opened, and one timeline row written. Nothing happens when nothing actually changed.
   * Resolves to whether something was recorded.
   */
  recordChange(videoId: number, change: MetadataUpdate): Promise<boolean>;
  /** Closes the open title and category spans (shutdown, end of recording). */
  closeOpenSpans(videoId: number): Promise<void>;
  /** After a restart: reopens spans for the last title and category, from now. */
  reopenSpans(videoId: number): Promise<void>;
  /** Title spans in order; an open span's duration runs to now. */
  titleSpans(videoId: number): Promise<TitleSpan[]>;
  categorySpans(videoId: number): Promise<CategorySpan[]>;
  /** The timeline: every change, in order. */
  changes(videoId: number): Promise<MetadataChange[]>;
  /** Skipped ads and lost stretches, in order on the video's timeline (written by the recorder). */
  gaps(videoId: number): Promise<GapMarker[]>;
}

const seconds = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

export function createTimelineRepository(db: SqlClient, clock: Clock): TimelineRepository {
  const {
    videoTitleSpans: ts,
    videoCategorySpans: cs,
    titles,
    categories,
    videoMetadataChanges: changes,
    videoGapMarkers: gaps,
  } = db.tables;
  return {
    recordChange: (videoId, change) =>
      db.transaction((tx) => recordMetadataChange(tx, videoId, change, isoNow(clock))),
    closeOpenSpans: (videoId) => db.transaction((tx) => closeOpenSpans(tx, videoId, isoNow(clock))),
    reopenSpans: (videoId) =>
      db.transaction(async (tx) => {
        const now = isoNow(clock);
        const { videoTitleSpans: t2, videoCategorySpans: c2 } = tx.tables;
        const lastTitle = await tx.first(
          select(
            { title_id: t2.title_id, ended_at: t2.ended_at },
            sql`from ${t2} where ${eq(t2.video_id, videoId)} order by ${t2.started_at} desc, ${t2.id} desc limit 1`,
          ),
        );
        if (lastTitle && lastTitle.ended_at !== null) {
          await tx.run(
            insertInto(t2, [{ video_id: videoId, title_id: lastTitle.title_id, started_at: now }]),
          );
        }
        const lastCategory = await tx.first(
          select(
            { category_id: c2.category_id, ended_at: c2.ended_at },
            sql`from ${c2} where ${eq(c2.video_id, videoId)} order by ${c2.started_at} desc, ${c2.id} desc limit 1`,
          ),
        );
        if (lastCategory && lastCategory.ended_at !== null) {
          await tx.run(
            insertInto(c2, [{ video_id: videoId, category_id: lastCategory.category_id, started_at: now }]),
          );
        }
      }),

    async titleSpans(videoId) {
      const now = isoNow(clock);
      const rows = await db.all(
        select(
          { ...allColumns(ts), name: titles.name },
          sql`from ${ts} join ${titles} on ${titles.id} = ${ts.title_id} where ${eq(ts.video_id, videoId)} order by ${ts.started_at}, ${ts.id}`,
        ),
      );
      return rows.map((r) => ({
        ...r,
        duration_seconds: r.ended_at === null ? seconds(r.started_at, now) : r.duration_seconds,
      }));
    },

    async categorySpans(videoId) {
      const now = isoNow(clock);
      const rows = await db.all(
        select(
          { ...allColumns(cs), name: categories.name, box_art_url: categories.box_art_url },
          sql`from ${cs} join ${categories} on ${categories.id} = ${cs.category_id} where ${eq(cs.video_id, videoId)} order by ${cs.started_at}, ${cs.id}`,
        ),
      );
      return rows.map((r) => ({
        ...r,
        duration_seconds: r.ended_at === null ? seconds(r.started_at, now) : r.duration_seconds,
      }));
    },

    async changes(videoId) {
      const rows = await db.all(
        select(
          {
            id: changes.id,
            occurred_at: changes.occurred_at,
            media_offset_seconds: changes.media_offset_seconds,
            title_id: changes.title_id,
            title_name: nullable(titles.name),
            category_id: changes.category_id,
            category_name: nullable(categories.name),
            category_box_art_url: nullable(categories.box_art_url),
          },
          sql`from ${changes} left join ${titles} on ${titles.id} = ${changes.title_id}
              left join ${categories} on ${categories.id} = ${changes.category_id}
              where ${eq(changes.video_id, videoId)} order by ${changes.occurred_at}, ${changes.id}`,
        ),
      );
      return rows.map((r) => ({
        id: r.id,
        occurred_at: r.occurred_at,
        media_offset_seconds: r.media_offset_seconds,
        title: r.title_id !== null && r.title_name !== null ? { id: r.title_id, name: r.title_name } : null,
        category:
          r.category_id !== null && r.category_name !== null
            ? { id: r.category_id, name: r.category_name, box_art_url: r.category_box_art_url }
            : null,
      }));
    },

    gaps: (videoId) =>
      db.all(
        select(
          {
            kind: gaps.kind,
            media_offset_seconds: gaps.media_offset_seconds,
            duration_seconds: gaps.duration_seconds,
            reason: gaps.reason,
          },
          sql`from ${gaps} where ${eq(gaps.video_id, videoId)} order by ${gaps.media_offset_seconds}, ${gaps.id}`,
        ),
      ),
  };
}

/**
 * Makes `markers` the video's gap markers (inside the caller's transaction). The recorder sends the whole
 * list each time: spans grow and merge while recording, so replacing is simpler than patching.
 */
export async function replaceGapMarkers(tx: SqlClient, videoId: number, markers: readonly GapMarker[]) {
  const { videoGapMarkers: g } = tx.tables;
  await tx.run(deleteFrom(g, eq(g.video_id, videoId)));
  if (markers.length === 0) return;
  await tx.run(
    insertInto(
      g,
      markers.map((m) => ({
        video_id: videoId,
        kind: m.kind,
        media_offset_seconds: m.media_offset_seconds,
        duration_seconds: m.duration_seconds,
        reason: m.reason,
      })),
    ),
  );
}

/** The change as it applies inside a transaction (also used when a recording starts). */
export async function recordMetadataChange(
  tx: SqlClient,
  videoId: number,
  change: MetadataUpdate,
  now: string,
): Promise<boolean> {
  const {
    videoTitleSpans: ts,
    videoCategorySpans: cs,
    titles,
    videoTitles,
    videoCategories,
    videoMetadataChanges,
  } = tx.tables;
  const at = change.occurred_at ?? now;
  const openTitle = await tx.first(
    select(
      { name: titles.name },
      sql`from ${ts} join ${titles} on ${titles.id} = ${ts.title_id} where ${eq(ts.video_id, videoId)} and ${ts.ended_at} is null`,
    ),
  );
  const openCategory = await tx.first(
    select(
      { id: cs.category_id },
      sql`from ${cs} where ${eq(cs.video_id, videoId)} and ${cs.ended_at} is null`,
    ),
  );
  const newTitle = change.title && change.title !== openTitle?.name ? change.title : null;
  const newCategory = change.category && change.category.id !== openCategory?.id ? change.category : null;
  if (!newTitle && !newCategory) return false;

  let titleId: number | null = null;
  if (newTitle) {
    await closeSpans(tx, ts, videoId, at);
    titleId = (await ensureTitle(tx, newTitle, now)).id;
    await tx.run(insertInto(ts, [{ video_id: videoId, title_id: titleId, started_at: at }]));
    await tx.run(
      sql`${insertInto(videoTitles, [{ video_id: videoId, title_id: titleId, linked_at: at }])} ${onConflictDoNothing()}`,
    );
  }
  if (newCategory) {
    await closeSpans(tx, cs, videoId, at);
    await ensureCategories(tx, [newCategory], now);
    await tx.run(insertInto(cs, [{ video_id: videoId, category_id: newCategory.id, started_at: at }]));
    await tx.run(
      sql`${insertInto(videoCategories, [{ video_id: videoId, category_id: newCategory.id, linked_at: at }])} ${onConflictDoNothing()}`,
    );
    await refreshCategoryStats(tx, [newCategory.id], now);
  }
  await tx.run(
    insertInto(videoMetadataChanges, [
      {
        video_id: videoId,
        occurred_at: at,
        title_id: titleId,
        category_id: newCategory?.id ?? null,
        media_offset_seconds: change.media_offset_seconds ?? null,
      },
    ]),
  );
  return true;
}

type SpanTable = SqlClient["tables"]["videoTitleSpans"] | SqlClient["tables"]["videoCategorySpans"];

/** Ends the open spans of one kind at `at`, with their durations. */
async function closeSpans(tx: SqlClient, table: SpanTable, videoId: number, at: string): Promise<void> {
  const open = await tx.all(
    select(
      { id: table.id, started_at: table.started_at },
      sql`from ${table} where ${eq(table.video_id, videoId)} and ${table.ended_at} is null`,
    ),
  );
  for (const span of open) {
    await tx.run(
      update(table, { ended_at: at, duration_seconds: seconds(span.started_at, at) }, eq(table.id, span.id)),
    );
  }
}

export async function closeOpenSpans(tx: SqlClient, videoId: number, at: string): Promise<void> {
  await closeSpans(tx, tx.tables.videoTitleSpans, videoId, at);
  await closeSpans(tx, tx.tables.videoCategorySpans, videoId, at);
}
