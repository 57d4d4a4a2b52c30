import { eq, type SQL, sql } from "drizzle-orm";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type { AttemptResult } from "../../domain/webhooks.ts";
import type { SqlClient, Tables } from "../sql/client.ts";
import { decodeTableRow, deleteFrom, type Query, returning, type SelectRow, update } from "../sql/query.ts";
import { type Clock, isoNow } from "./clock.ts";
import { clampLimit } from "./keyset.ts";

/** The tables sent by an outbox worker (same status, attempt and schedule columns). */
type OutboxTable = Tables["recordingWebhookDeliveries"] | Tables["notificationDeliveries"];

/** What every outbox does with its rows, whatever it sends. */
export interface OutboxQueries<Row> {
  /**
   * Claims the next due pending row for this worker (status → delivering, attempts + 1). Concurrent
   * workers never claim the same one.
   */
  claimNext(): Promise<Row | null>;
  /** Stores the outcome of the claimed attempt. @throws NotFoundError */
  recordAttempt(id: number, result: AttemptResult): Promise<Row>;
  getById(id: number): Promise<Row | null>;
  /** The most recent rows, newest first (`where`: a filter on the table). */
  listRecent(limit: number, where?: SQL): Promise<Row[]>;
  /** Queues a rejected or failed row again. @throws NotFoundError, ConflictError */
  retry(id: number): Promise<Row>;
  /** Puts rows `delivering` since `before` or earlier (a crashed worker) back to pending. */
  releaseStale(before: string): Promise<number>;
  /** Deletes finished (delivered, rejected, failed) rows created before `before`. */
  deleteFinishedBefore(before: string): Promise<number>;
}

/**
 * The outbox queries over one of the outbox tables (`pick` chooses it in a transaction's tables too);
 * `noun` names a row in errors ("webhook delivery 3 is pending…"). `Row` is that table's row type.
 */
export function outboxQueries<Row>(
  db: SqlClient,
  clock: Clock,
  pick: (tables: Tables) => OutboxTable,
  noun: string,
): OutboxQueries<Row> {
  const d = pick(db.tables);
  const byId = (client: SqlClient, id: number) => {
    const t = pick(client.tables);
    return client.first(rowsOf(t, sql`where ${eq(t.id, id)}`)) as Promise<Row | null>;
  };
  return {
    async claimNext() {
      const now = isoNow(clock);
      const due = sql`select ${d.id} from ${d} where ${d.status} = 'pending' and ${d.next_attempt_at} <= ${sql.param(now, d.next_attempt_at)}
        order by ${d.next_attempt_at}, ${d.id} limit 1 ${db.fx.skipLocked}`;
      const claim = update(
        d,
        { status: "delivering", attempts: sql`${d.attempts} + 1`, last_attempt_at: now, updated_at: now },
        sql`${d.id} = (${due})`,
      );
      return (await db.first(returning(d, claim))) as Row | null;
    },

    async recordAttempt(id, result) {
      const now = isoNow(clock);
      const common = { last_status: result.status, updated_at: now };
      const values =
        result.outcome === "delivered"
          ? { ...common, status: "delivered" as const, last_error: null, delivered_at: now }
          : result.outcome === "retry"
            ? {
                ...common,
                status: "pending" as const,
                last_error: result.error,
                next_attempt_at: result.next_attempt_at,
              }
            : { ...common, status: result.outcome, last_error: result.error };
      const updated = await db.first(returning(d, update(d, values, eq(d.id, id))));
      if (!updated) throw new NotFoundError(`no ${noun} ${id}`);
      return updated as Row;
    },

    getById: (id) => byId(db, id),

    listRecent: (limit, where) =>
      db.all(
        rowsOf(
          d,
          sql`${where ? sql`where ${where}` : sql``} order by ${d.created_at} desc, ${d.id} desc limit ${clampLimit(limit, 500)}`,
        ),
      ) as Promise<Row[]>,

    retry: (id) =>
      db.transaction(async (tx) => {
        const current = (await byId(tx, id)) as { status: string } | null;
        if (!current) throw new NotFoundError(`no ${noun} ${id}`);
        if (current.status !== "rejected" && current.status !== "failed") {
          throw new ConflictError(
            `${noun} ${id} is ${current.status}; only rejected or failed ones can be retried`,
          );
        }
        const now = isoNow(clock);
        const t = pick(tx.tables);
        const queued = update(
          t,
          { status: "pending", attempts: 0, next_attempt_at: now, updated_at: now },
          eq(t.id, id),
        );
        return (await tx.one(returning(t, queued))) as Row;
      }),

    releaseStale: (before) =>
      db.run(
        update(
          d,
          { status: "pending", updated_at: isoNow(clock) },
          sql`${d.status} = 'delivering' and ${d.last_attempt_at} <= ${sql.param(before, d.last_attempt_at)}`,
        ),
      ),

    deleteFinishedBefore: (before) =>
      db.run(
        deleteFrom(
          d,
          sql`${d.status} in ('delivered', 'rejected', 'failed') and ${d.created_at} < ${sql.param(before, d.created_at)}`,
        ),
      ),
  };
}

/** `select * from <table> <rest>`, decoded as its rows. */
function rowsOf(table: OutboxTable, rest: SQL): Query<SelectRow<OutboxTable>> {
  return { sql: sql`select * from ${table} ${rest}`, decode: (raw) => decodeTableRow(table, raw) };
}
