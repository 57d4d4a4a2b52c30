import { eq, type SQL, sql } from "drizzle-orm";
import type { ChatGap, ChatGapReason, PlacedChatLine, StoredChatLine } from "../../domain/chat.ts";
import { decodeChunk, encodeChunk } from "../../domain/chat-chunk.ts";
import type { SqlClient } from "../sql/client.ts";
import { allColumns, deleteFrom, expr, insertInto, select, sumOf } from "../sql/query.ts";
import { containsPattern, normalizeQuery } from "./text-search.ts";

export interface ChatGapRow {
  reason: ChatGapReason;
  started_at: string;
  ended_at: string;
  offset_ms: number;
  duration_ms: number;
}

export type ChatDirection = "after" | "before";

export interface ChatPageQuery {
  offsetMs: number;
  limit: number;
  /** `after` (default): the lines at or after the offset; `before`: the lines at or before it. */
  direction?: ChatDirection;
}

export interface ChatPage {
  /** Always in timeline order (offset, then id). */
  lines: StoredChatLine[];
  /** Where the next page that way starts (the first line this one left out), or null at the end. */
  next_offset_ms: number | null;
}

/** Where a search continues: after this hit, in timeline order. */
export interface ChatSearchCursor {
  offset_ms: number;
  id: number;
}

export interface ChatSearchPage {
  hits: StoredChatLine[];
  next_cursor: ChatSearchCursor | null;
}

/** A video's chat: written by the capture, read by the player, search and export. */
export interface ChatRepository {
  /** Whether the video exists and is not removed (one primary-key read: pages ask it every time). */
  hasVideo(videoId: number): Promise<boolean>;
  /**
   * Stores lines as one chunk (a row) per thousand, in timeline order. A video's chunks must not overlap:
   * each write's lines start at or after the previous write's last line (capture keeps them so), which
   * lets a page find its lines from either end of the chunks. `mayRepeat` (a write tried again, whose first
   * try may have landed without an answer): a line already stored (same `msg_id` at the same offset) is
   * skipped. Resolves to how many were stored.
   */
  insertMessages(
    videoId: number,
    rows: readonly PlacedChatLine[],
    options?: { mayRepeat?: boolean },
  ): Promise<number>;
  /**
   * Marks lines deleted (a moderator's CLEARMSG, a timeout or ban of their author), each named by where it
   * is (`offset_ms`) and its `msg_id`: kept apart from the chunks and applied as lines are read (one that
   * names no line changes nothing). Written without reading the chunks. Resolves to how many were kept.
   */
  markDeleted(videoId: number, lines: readonly { msg_id: string; offset_ms: number }[]): Promise<number>;
  addGap(videoId: number, gap: ChatGapRow): Promise<void>;
  /** `limit` lines from the offset, either way, in (offset, id) order. */
  page(videoId: number, query: ChatPageQuery): Promise<ChatPage>;
  /**
   * Lines whose text, display name or login contains `query` (case-insensitive for ASCII letters, as
   * everywhere else), in timeline order from the cursor.
   */
  search(
    videoId: number,
    query: string,
    options: { cursor?: ChatSearchCursor | null; limit: number },
  ): Promise<ChatSearchPage>;
  /** The stretches without chat, in timeline order. */
  gaps(videoId: number): Promise<ChatGap[]>;
  count(videoId: number): Promise<number>;
  /** Every line in timeline order, `batch` at a time (a few chunks per query: memory stays flat). */
  exportBatches(videoId: number, batch: number): AsyncIterable<StoredChatLine[]>;
  /**
   * Deletes a video's chat, a few hundred chunks per statement so no single write holds the database for
   * long. Resolves to how many lines went.
   */
  deleteForVideo(videoId: number): Promise<number>;
}

/** Lines per chunk at most (capture writes about a second of one channel's chat at a time). */
const CHUNK_LINES = 1_000;
/** A line's id: its chunk's id × ID_SPAN + its place in the chunk (timeline order, as ids were per row). */
const ID_SPAN = 1_000_000;
/** Chunks read per query. */
const READ_BATCH = 8;
/**
 * Chunks a search looks through in its first query, doubling on each next one up to the most: a common
 * word answers from the first few chunks, a word that is nowhere reads the chat in few queries.
 */
const SEARCH_BATCH = 16;
const SEARCH_BATCH_MAX = 1_024;
/** Chunks per DELETE when a video's chat goes. */
const DELETE_BATCH = 500;
const MAX_PAGE = 1_000;
/** Offsets are 32-bit integers in both databases. */
const MAX_OFFSET = 2_147_483_647;

const lowerAscii = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());
const byTimeline = (a: StoredChatLine, b: StoredChatLine) => a.offset_ms - b.offset_ms || a.id - b.id;
const keyOf = (offsetMs: number, msgId: string) => `${offsetMs}\n${msgId}`;

export function createChatRepository(db: SqlClient): ChatRepository {
  const { chatChunks: c, chatDeletions: d, chatGaps: g } = db.tables;
  const chunkFields = { id: c.id, last: c.last_offset_ms, lines: c.lines };
  type ChunkRow = { id: number; last: number; lines: string };
  const limitOf = (limit: number) => Math.max(1, Math.min(MAX_PAGE, Math.trunc(limit) || 1));
  const clampOffset = (ms: number) => Math.max(0, Math.min(MAX_OFFSET, Math.round(ms)));

  const linesOf = (videoId: number, row: ChunkRow): StoredChatLine[] =>
    decodeChunk(row.lines).map((line, i) => ({ ...line, id: row.id * ID_SPAN + i, video_id: videoId }));

  /**
   * A video's chunks in timeline order (by last offset, then id) from `fromMs`, a batch per query (READ_BATCH
   * unless told, doubling up to `growTo`), with `where` added. Stop reading by leaving the loop.
   */
  async function* chunkBatches(
    videoId: number,
    fromMs: number,
    options: { where?: SQL; batch?: number; growTo?: number; linesIf?: SQL } = {},
  ): AsyncGenerator<ChunkRow[]> {
    // `linesIf`: only the chunks it holds for come with their lines (the others with none); as a column,
    // not a filter, so the database reads the chunks in index order and stops at the batch.
    const fields = options.linesIf
      ? { ...chunkFields, lines: expr(sql`case when ${options.linesIf} then ${c.lines} else '' end`, String) }
      : chunkFields;
    let batch = options.batch ?? READ_BATCH;
    let after: { last: number; id: number } | null = null;
    for (;;) {
      const keyset: SQL = after
        ? sql`and (${c.last_offset_ms}, ${c.id}) > (${after.last}, ${after.id})`
        : sql``;
      const rows: ChunkRow[] = await db.all(
        select(
          fields,
          sql`from ${c} where ${c.video_id} = ${videoId} and ${c.last_offset_ms} >= ${clampOffset(fromMs)} ${keyset} ${options.where ?? sql``}
              order by ${c.last_offset_ms}, ${c.id} limit ${batch}`,
        ),
      );
      if (rows.length > 0) yield rows;
      const last = rows.at(-1);
      if (!last || rows.length < batch) return;
      after = { last: last.last, id: last.id };
      // Reading on: the next query takes more (fewer round trips over a long chat).
      batch = Math.min(options.growTo ?? batch, batch * 2);
    }
  }

  /** Lines deleted after they were written, marked on `lines` (read in one range of the deletions). */
  async function withDeletions(videoId: number, lines: StoredChatLine[]): Promise<StoredChatLine[]> {
    if (lines.length === 0) return lines;
    const [from, to] = rangeOf(lines);
    const deleted = await db.all(
      select(
        { offset_ms: d.offset_ms, msg_id: d.msg_id },
        sql`from ${d} where ${d.video_id} = ${videoId} and ${d.offset_ms} between ${from} and ${to}`,
      ),
    );
    if (deleted.length === 0) return lines;
    const keys = new Set(deleted.map((r) => keyOf(r.offset_ms, r.msg_id)));
    for (const l of lines) if (!l.deleted && keys.has(keyOf(l.offset_ms, l.msg_id))) l.deleted = true;
    return lines;
  }

  /** What is stored between two offsets, as (offset, msg_id) keys. */
  async function storedKeys(videoId: number, fromMs: number, toMs: number): Promise<Set<string>> {
    const keys = new Set<string>();
    const where = sql`and ${c.first_offset_ms} <= ${clampOffset(toMs)}`;
    for await (const rows of chunkBatches(videoId, fromMs, { where })) {
      for (const row of rows) for (const l of decodeChunk(row.lines)) keys.add(keyOf(l.offset_ms, l.msg_id));
    }
    return keys;
  }

  function rangeOf(lines: readonly { offset_ms: number }[]): [number, number] {
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    for (const l of lines) {
      from = Math.min(from, l.offset_ms);
      to = Math.max(to, l.offset_ms);
    }
    return [Math.round(from), Math.round(to)];
  }

  return {
    async hasVideo(videoId) {
      const { videos } = db.tables;
      const row = await db.first(
        select(
          { id: videos.id },
          sql`from ${videos} where ${videos.id} = ${videoId} and ${videos.deleted_at} is null`,
        ),
      );
      return row !== null;
    },

    async insertMessages(videoId, rows, options) {
      // Copied only when an offset is out of range or not whole (never from capture): most writes are as given.
      let fresh = rows.some((r) => r.offset_ms !== clampOffset(r.offset_ms))
        ? rows.map((r) => ({ ...r, offset_ms: clampOffset(r.offset_ms) }))
        : rows.slice();
      if (options?.mayRepeat && fresh.length > 0) {
        const have = await storedKeys(videoId, ...rangeOf(fresh));
        fresh = fresh.filter((r) => !have.has(keyOf(r.offset_ms, r.msg_id)));
      }
      // Sorting is stable: lines at one offset keep the order they came in.
      fresh.sort((a, b) => a.offset_ms - b.offset_ms);
      const chunks: (readonly unknown[])[] = [];
      for (let at = 0; at < fresh.length; at += CHUNK_LINES) {
        const lines = fresh.slice(at, at + CHUNK_LINES);
        const [first, last] = rangeOf(lines);
        chunks.push([videoId, first, last, lines.length, encodeChunk(lines)]);
      }
      await db.insertRows(
        c,
        [c.video_id, c.first_offset_ms, c.last_offset_ms, c.line_count, c.lines],
        chunks,
      );
      return fresh.length;
    },

    async markDeleted(videoId, lines) {
      const unique = new Map<string, { msg_id: string; offset_ms: number }>();
      for (const l of lines) unique.set(keyOf(Math.round(l.offset_ms), l.msg_id), l);
      return db.insertRows(
        d,
        [d.video_id, d.offset_ms, d.msg_id],
        [...unique.values()].map((l) => [videoId, clampOffset(l.offset_ms), l.msg_id]),
      );
    },

    async addGap(videoId, gap) {
      await db.run(
        insertInto(g, [
          {
            video_id: videoId,
            reason: gap.reason,
            started_at: gap.started_at,
            ended_at: gap.ended_at,
            offset_ms: clampOffset(gap.offset_ms),
            duration_ms: Math.max(0, Math.round(gap.duration_ms)),
          },
        ]),
      );
    },

    async page(videoId, query) {
      const limit = limitOf(query.limit);
      const at = clampOffset(query.offsetMs);
      const found: StoredChatLine[] = [];
      if ((query.direction ?? "after") === "after") {
        // Chunks in order from the first that ends at or after the offset, until one line more than asked
        // (it says where the next page starts).
        for await (const rows of chunkBatches(videoId, at)) {
          for (const row of rows) for (const l of linesOf(videoId, row)) if (l.offset_ms >= at) found.push(l);
          if (found.length > limit) break;
        }
        found.sort(byTimeline);
        const next = found[limit];
        return {
          lines: await withDeletions(videoId, found.slice(0, limit)),
          next_offset_ms: next ? next.offset_ms : null,
        };
      }
      // Before: chunks backwards from the last that starts at or before the offset.
      let before: { first: number; id: number } | null = null;
      for (;;) {
        const keyset: SQL = before
          ? sql`and (${c.first_offset_ms}, ${c.id}) < (${before.first}, ${before.id})`
          : sql``;
        const rows = await db.all(
          select(
            { ...chunkFields, first: c.first_offset_ms },
            sql`from ${c} where ${c.video_id} = ${videoId} and ${c.first_offset_ms} <= ${at} ${keyset}
                order by ${c.first_offset_ms} desc, ${c.id} desc limit ${READ_BATCH}`,
          ),
        );
        for (const row of rows) for (const l of linesOf(videoId, row)) if (l.offset_ms <= at) found.push(l);
        const last = rows.at(-1);
        if (!last || found.length > limit || rows.length < READ_BATCH) break;
        before = { first: last.first, id: last.id };
      }
      found.sort(byTimeline);
      const next = found.length > limit ? found[found.length - limit - 1] : undefined;
      return {
        lines: await withDeletions(videoId, found.slice(Math.max(0, found.length - limit))),
        next_offset_ms: next ? next.offset_ms : null,
      };
    },

    async search(videoId, query, options) {
      const limit = limitOf(options.limit);
      const needle = normalizeQuery(query);
      const cursor = options.cursor ?? null;
      const matches = (l: StoredChatLine) =>
        lowerAscii(l.text).includes(needle) ||
        lowerAscii(l.display_name ?? "").includes(needle) ||
        lowerAscii(l.user_login ?? "").includes(needle);
      const hits: StoredChatLine[] = [];
      // Chunks holding the words somewhere (their IRC lines hold the text and names), in timeline order
      // from the cursor, until the page is full: a word viewers use often answers at once; one that is
      // nowhere reads the whole chat (see docs/benchmarks.md, scenario chat-page).
      const batches = chunkBatches(videoId, cursor?.offset_ms ?? 0, {
        batch: SEARCH_BATCH,
        growTo: SEARCH_BATCH_MAX,
        linesIf: db.fx.likeIgnoringCase(sql`${c.lines}`, containsPattern(query)),
      });
      for await (const rows of batches) {
        for (const row of rows) {
          for (const l of linesOf(videoId, row)) {
            const beforeCursor =
              cursor &&
              (l.offset_ms < cursor.offset_ms || (l.offset_ms === cursor.offset_ms && l.id <= cursor.id));
            if (!beforeCursor && matches(l)) hits.push(l);
          }
        }
        if (hits.length > limit) break;
      }
      hits.sort(byTimeline);
      const page = hits.slice(0, limit);
      const last = page.at(-1);
      return {
        hits: await withDeletions(videoId, page),
        next_cursor: hits.length > limit && last ? { offset_ms: last.offset_ms, id: last.id } : null,
      };
    },

    async gaps(videoId) {
      const rows = await db.all(
        select(
          allColumns(g),
          sql`from ${g} where ${eq(g.video_id, videoId)} order by ${g.offset_ms}, ${g.id}`,
        ),
      );
      return rows.map((r) => ({
        video_id: r.video_id,
        reason: r.reason,
        started_at: r.started_at,
        ended_at: r.ended_at,
        offset_seconds: r.offset_ms / 1000,
        duration_seconds: r.duration_ms / 1000,
      }));
    },

    async count(videoId) {
      return (
        (await db.first(select({ n: sumOf(c.line_count) }, sql`from ${c} where ${eq(c.video_id, videoId)}`)))
          ?.n ?? 0
      );
    },

    async *exportBatches(videoId, batch) {
      const size = limitOf(batch);
      let pending: StoredChatLine[] = [];
      for await (const rows of chunkBatches(videoId, 0)) {
        const lines = rows.flatMap((row) => linesOf(videoId, row));
        pending = pending.concat(await withDeletions(videoId, lines));
        while (pending.length >= size) {
          yield pending.slice(0, size);
          pending = pending.slice(size);
        }
      }
      if (pending.length > 0) yield pending;
    },

    async deleteForVideo(videoId) {
      const lines = await this.count(videoId);
      for (;;) {
        const n = await db.run(
          deleteFrom(
            c,
            sql`${c.id} in (select ${c.id} from ${c} where ${c.video_id} = ${videoId} limit ${DELETE_BATCH})`,
          ),
        );
        if (n < DELETE_BATCH) break;
      }
      await db.run(deleteFrom(d, eq(d.video_id, videoId)));
      await db.run(deleteFrom(g, eq(g.video_id, videoId)));
      return lines;
    },
  };
}
