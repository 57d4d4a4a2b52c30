import { eq, type SQL, sql } from "drizzle-orm";
import type { ChatGap, ChatGapReason, PlacedChatLine, StoredChatLine } from "../../domain/chat.ts";
import type { SqlClient } from "../sql/client.ts";
import { allColumns, countAll, deleteFrom, insertInto, select, update } from "../sql/query.ts";
import { containsPattern } from "./text-search.ts";

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
   * Stores lines (`SqlClient.insertRows`: a hundred per cached statement on SQLite, one JSON parameter on
   * Postgres). `mayRepeat` (a write tried again, whose first try may have landed without an answer): a
   * line already stored (same `msg_id` at the same offset, read in one range of the timeline index) is
   * skipped. Resolves to how many were stored.
   */
  insertMessages(
    videoId: number,
    rows: readonly PlacedChatLine[],
    options?: { mayRepeat?: boolean },
  ): Promise<number>;
  /**
   * Marks lines deleted (a moderator's CLEARMSG, a timeout or ban of their author), each found where it is
   * (`offset_ms`, through the timeline index). Resolves to how many were found.
   */
  markDeleted(videoId: number, lines: readonly { msg_id: string; offset_ms: number }[]): Promise<number>;
  addGap(videoId: number, gap: ChatGapRow): Promise<void>;
  /** `limit` lines from the offset, either way, read by (offset, id) from the index. */
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
  /** Every line in timeline order, `batch` at a time (one query per batch: memory stays flat). */
  exportBatches(videoId: number, batch: number): AsyncIterable<StoredChatLine[]>;
  /**
   * Deletes a video's chat, a few thousand lines per statement so no single write holds the database for
   * long. Resolves to how many lines went.
   */
  deleteForVideo(videoId: number): Promise<number>;
}

/** Lines per DELETE when a video's chat goes. */
const DELETE_BATCH = 5_000;
const MAX_PAGE = 1_000;

export function createChatRepository(db: SqlClient): ChatRepository {
  const { chatMessages: m, chatGaps: g } = db.tables;
  const columns = allColumns(m);
  const insertColumns = [
    m.video_id,
    m.msg_id,
    m.kind,
    m.sent_at,
    m.offset_ms,
    m.user_id,
    m.user_login,
    m.display_name,
    m.text,
    m.deleted,
    m.raw,
  ];
  const timelineOrder = (dir: "asc" | "desc") =>
    sql`order by ${m.offset_ms} ${sql.raw(dir)}, ${m.id} ${sql.raw(dir)}`;

  type Row = typeof m.$inferSelect;
  const toLine = (r: Row): StoredChatLine => ({
    id: r.id,
    video_id: r.video_id,
    msg_id: r.msg_id,
    kind: r.kind,
    sent_at_ms: Date.parse(r.sent_at),
    offset_ms: r.offset_ms,
    user_id: r.user_id,
    user_login: r.user_login,
    display_name: r.display_name,
    text: r.text,
    deleted: r.deleted,
    raw: r.raw,
  });
  const limitOf = (limit: number) => Math.max(1, Math.min(MAX_PAGE, Math.trunc(limit) || 1));

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
      let fresh = rows;
      if (options?.mayRepeat && rows.length > 0) {
        // A write tried again: what its first try stored is where it would be, in one range of the index.
        let from = Number.POSITIVE_INFINITY;
        let to = Number.NEGATIVE_INFINITY;
        for (const r of rows) {
          from = Math.min(from, r.offset_ms);
          to = Math.max(to, r.offset_ms);
        }
        const stored = await db.all(
          select(
            { msg_id: m.msg_id, offset_ms: m.offset_ms },
            sql`from ${m} where ${m.video_id} = ${videoId} and ${m.offset_ms} between ${Math.round(from)} and ${Math.round(to)}`,
          ),
        );
        const have = new Set(stored.map((r) => `${r.offset_ms}\n${r.msg_id}`));
        fresh = rows.filter((r) => !have.has(`${Math.round(r.offset_ms)}\n${r.msg_id}`));
      }
      return db.insertRows(
        m,
        insertColumns,
        fresh.map((r) => [
          videoId,
          r.msg_id,
          r.kind,
          new Date(r.sent_at_ms).toISOString(),
          Math.max(0, Math.round(r.offset_ms)),
          r.user_id,
          r.user_login,
          r.display_name,
          r.text,
          r.deleted,
          r.raw,
        ]),
      );
    },

    async markDeleted(videoId, lines) {
      let found = 0;
      for (const { msg_id, offset_ms } of lines) {
        found += await db.run(
          update(
            m,
            { deleted: true },
            sql`${m.video_id} = ${videoId} and ${m.offset_ms} = ${offset_ms} and ${m.msg_id} = ${msg_id}`,
          ),
        );
      }
      return found;
    },

    async addGap(videoId, gap) {
      await db.run(
        insertInto(g, [
          {
            video_id: videoId,
            reason: gap.reason,
            started_at: gap.started_at,
            ended_at: gap.ended_at,
            offset_ms: Math.max(0, Math.round(gap.offset_ms)),
            duration_ms: Math.max(0, Math.round(gap.duration_ms)),
          },
        ]),
      );
    },

    async page(videoId, query) {
      const limit = limitOf(query.limit);
      const at = Math.max(0, Math.round(query.offsetMs));
      const after = (query.direction ?? "after") === "after";
      // One more than asked: it says where the next page starts.
      const rows = await db.all(
        select(
          columns,
          sql`from ${m} where ${m.video_id} = ${videoId} and ${m.offset_ms} ${sql.raw(after ? ">=" : "<=")} ${at}
              ${timelineOrder(after ? "asc" : "desc")} limit ${limit + 1}`,
        ),
      );
      const next = rows.length > limit ? (rows[limit] as Row) : null;
      const taken = rows.slice(0, limit);
      if (!after) taken.reverse();
      return { lines: taken.map(toLine), next_offset_ms: next ? next.offset_ms : null };
    },

    async search(videoId, query, options) {
      const limit = limitOf(options.limit);
      const pattern = containsPattern(query);
      const contains = (column: SQL) => db.fx.likeIgnoringCase(column, pattern);
      const cursor = options.cursor
        ? sql`and (${m.offset_ms}, ${m.id}) > (${options.cursor.offset_ms}, ${options.cursor.id})
              and ${m.offset_ms} >= ${options.cursor.offset_ms}`
        : sql``;
      // In timeline order from the cursor, stopping at the page: a word viewers use often answers at once;
      // one that is nowhere reads the whole chat (see docs/benchmarks.md, scenario chat-page).
      const rows = await db.all(
        select(
          columns,
          sql`from ${m} where ${m.video_id} = ${videoId} ${cursor}
              and (${contains(sql`${m.text}`)} or ${contains(sql`${m.display_name}`)} or ${contains(sql`${m.user_login}`)})
              ${timelineOrder("asc")} limit ${limit + 1}`,
        ),
      );
      const hits = rows.slice(0, limit);
      const last = hits.at(-1);
      return {
        hits: hits.map(toLine),
        next_cursor: rows.length > limit && last ? { offset_ms: last.offset_ms, id: last.id } : null,
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
        (await db.first(select({ n: countAll() }, sql`from ${m} where ${eq(m.video_id, videoId)}`)))?.n ?? 0
      );
    },

    async *exportBatches(videoId, batch) {
      const size = limitOf(batch);
      let cursor: ChatSearchCursor | null = null;
      for (;;) {
        const after: SQL = cursor
          ? sql`and (${m.offset_ms}, ${m.id}) > (${cursor.offset_ms}, ${cursor.id}) and ${m.offset_ms} >= ${cursor.offset_ms}`
          : sql``;
        const rows = await db.all(
          select(
            columns,
            sql`from ${m} where ${m.video_id} = ${videoId} ${after} ${timelineOrder("asc")} limit ${size}`,
          ),
        );
        if (rows.length > 0) yield rows.map(toLine);
        const last = rows.at(-1);
        if (rows.length < size || !last) return;
        cursor = { offset_ms: last.offset_ms, id: last.id };
      }
    },

    async deleteForVideo(videoId) {
      let deleted = 0;
      for (;;) {
        const n = await db.run(
          deleteFrom(
            m,
            sql`${m.id} in (select ${m.id} from ${m} where ${m.video_id} = ${videoId} limit ${DELETE_BATCH})`,
          ),
        );
        deleted += n;
        if (n < DELETE_BATCH) break;
      }
      await db.run(deleteFrom(g, eq(g.video_id, videoId)));
      return deleted;
    },
  };
}
