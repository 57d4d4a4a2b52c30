import { eq, inArray, type SQL, sql } from "drizzle-orm";
import {
  type EventLog,
  type FetchLog,
  type NewEventLog,
  type NewFetchLog,
  type RankedEventLog,
  SEVERITIES,
  type Severity,
} from "../../domain/ops.ts";
import type { Counted } from "../../domain/pagination.ts";
import type { SqlClient } from "../sql/client.ts";
import { allColumns, asNumber, countAll, deleteFrom, insertInto, returning, select } from "../sql/query.ts";
import { type Clock, isoNow } from "./clock.ts";
import { clampLimit } from "./keyset.ts";

export interface EventLogRepository {
  append(entry: NewEventLog): Promise<EventLog>;
  /** Newest first, with the total for the same filters. */
  list(query: {
    limit: number;
    offset: number;
    domain?: string;
    /** This severity and worse (`warn`: warnings and errors). */
    severity?: Severity;
    /** One channel's entries. */
    broadcaster_id?: string;
  }): Promise<Counted<EventLog>>;
  /**
   * Full-text search (words, "phrases", `or`, `-excluded`), best match first, then newest. Ranked on
   * both databases: Postgres tsvector, SQLite FTS5.
   */
  search(query: {
    query: string;
    limit: number;
    offset: number;
  }): Promise<Counted<RankedEventLog> & { ranked: true }>;
  /** Deletes entries of these severities created before `before`. */
  deleteBefore(before: string, severities: readonly Severity[]): Promise<number>;
}

export function createEventLogRepository(db: SqlClient, clock: Clock): EventLogRepository {
  const { eventLogs: logs } = db.tables;
  const columns = allColumns(logs);
  const page = (limit: number, offset: number, max: number) =>
    sql`limit ${clampLimit(limit, max)} offset ${Math.max(0, Math.trunc(offset))}`;
  return {
    async append(entry) {
      const row = {
        domain: entry.domain,
        event_type: entry.event_type,
        severity: entry.severity,
        message: entry.message,
        actor_user_id: entry.actor_user_id ?? null,
        broadcaster_id: entry.broadcaster_id ?? null,
        data: entry.data ?? null,
        created_at: isoNow(clock),
      };
      const created = await db.one(returning(logs, insertInto(logs, [row])));
      return created;
    },

    async list(query) {
      const conditions: SQL[] = [];
      if (query.domain) conditions.push(eq(logs.domain, query.domain));
      if (query.severity)
        conditions.push(inArray(logs.severity, SEVERITIES.slice(SEVERITIES.indexOf(query.severity))));
      if (query.broadcaster_id) conditions.push(eq(logs.broadcaster_id, query.broadcaster_id));
      const where = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
      const total = (await db.first(select({ n: countAll() }, sql`from ${logs} ${where}`)))?.n ?? 0;
      const data = await db.all(
        select(
          columns,
          sql`from ${logs} ${where} order by ${logs.created_at} desc, ${logs.id} desc ${page(query.limit, query.offset, 500)}`,
        ),
      );
      return { total, data };
    },

    async search(query) {
      const match = db.fx.eventLogSearch(query.query);
      if (!match) return { total: 0, data: [], ranked: true };
      const total =
        (await db.first(select({ n: countAll() }, sql`from ${match.from} where ${match.where}`)))?.n ?? 0;
      const data = await db.all(
        select(
          { ...columns, rank: asNumber(match.rank) },
          sql`from ${match.from} where ${match.where}
              order by ${match.rank} desc, ${logs.created_at} desc, ${logs.id} desc ${page(query.limit, query.offset, 200)}`,
        ),
      );
      return { total, data, ranked: true };
    },

    deleteBefore: (before, severities) =>
      severities.length === 0
        ? Promise.resolve(0)
        : db.run(
            deleteFrom(
              logs,
              sql`${logs.created_at} < ${sql.param(before, logs.created_at)} and ${inArray(logs.severity, [...severities])}`,
            ),
          ),
  };
}

export interface FetchLogRepository {
  append(entry: NewFetchLog): Promise<void>;
  /** Newest first, with the total for the same filter. */
  list(query: { limit: number; offset: number; fetch_type?: string }): Promise<Counted<FetchLog>>;
  deleteBefore(before: string): Promise<number>;
}

export function createFetchLogRepository(db: SqlClient, clock: Clock): FetchLogRepository {
  const { fetchLogs: logs } = db.tables;
  const columns = allColumns(logs);
  return {
    async append(entry) {
      await db.run(
        insertInto(logs, [
          {
            user_id: entry.user_id ?? null,
            fetch_type: entry.fetch_type,
            broadcaster_id: entry.broadcaster_id ?? null,
            status: entry.status,
            error: entry.error ?? null,
            duration_ms: Math.round(entry.duration_ms),
            fetched_at: entry.fetched_at ?? isoNow(clock),
          },
        ]),
      );
    },

    async list(query) {
      const where = query.fetch_type ? sql`where ${eq(logs.fetch_type, query.fetch_type)}` : sql``;
      const total = (await db.first(select({ n: countAll() }, sql`from ${logs} ${where}`)))?.n ?? 0;
      const data = await db.all(
        select(
          columns,
          sql`from ${logs} ${where} order by ${logs.fetched_at} desc, ${logs.id} desc
              limit ${clampLimit(query.limit, 500)} offset ${Math.max(0, Math.trunc(query.offset))}`,
        ),
      );
      return { total, data };
    },

    deleteBefore: (before) =>
      db.run(deleteFrom(logs, sql`${logs.fetched_at} < ${sql.param(before, logs.fetched_at)}`)),
  };
}
