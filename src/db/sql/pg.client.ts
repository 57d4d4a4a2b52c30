import { type SQL, sql } from "drizzle-orm";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import * as tables from "../schema/pg.ts";
import type { DialectSql, SqlClient } from "./client.ts";
import type { RawRow } from "./query.ts";

/**
 * The weighted document of an event log, exactly as the GIN index `event_logs_search` declares it
 * (drizzle/pg/0001_event_logs_search.sql): the planner uses the index only for the same expression.
 */
const EVENT_LOG_DOCUMENT = sql.raw(
  `(setweight(to_tsvector('simple'::regconfig, "message"), 'A') || setweight(to_tsvector('simple'::regconfig, "event_type"), 'B') || setweight(to_tsvector('simple'::regconfig, "domain"), 'C'))`,
);

export const pgSql: DialectSql = {
  eventLogSearch(query) {
    if (!/[\p{L}\p{N}]/u.test(query)) return null;
    const tsquery = sql`websearch_to_tsquery('simple'::regconfig, ${query})`;
    return {
      from: sql`${tables.eventLogs}`,
      where: sql`${EVENT_LOG_DOCUMENT} @@ ${tsquery}`,
      rank: sql`ts_rank_cd(${EVENT_LOG_DOCUMENT}, ${tsquery})`,
    };
  },
  likeIgnoringCase: (expression, pattern) => sql`lower(${expression}) like ${pattern} escape '\\'`,
  skipLocked: sql`for update skip locked`,
};

type Executor = Pick<PostgresJsDatabase<typeof tables>, "execute">;

/** The Postgres side of the repository: statements rendered and run by drizzle over postgres.js. */
export function createPgClient(orm: PostgresJsDatabase<typeof tables>): SqlClient {
  return makeClient(orm, (work) => transaction(orm, (tx) => work(makeClient(tx, null))));
}

/** How long a transaction whose connection seems lost waits for the driver to end it (see `transaction`). */
const LOST_CONNECTION_GRACE_MS = 5000;

/**
 * A transaction as drizzle runs it, except when its connection is lost (the server restarted or
 * terminated it). postgres.js answers a failed transaction with a ROLLBACK on the same connection; once
 * that connection is closed, the ROLLBACK is written to a socket that is gone, from a timer, and throws
 * outside any promise: the process dies (porsager/postgres#1208, in 3.4.9 and 3.4.10). The server rolls
 * such a transaction back by itself, and postgres.js fails it with CONNECTION_CLOSED from its close
 * handler: until then the failed work is left unsettled, so no ROLLBACK is sent. Should the connection not
 * close after all, the work fails after a grace period and the ROLLBACK goes out on the live connection.
 */
async function transaction<R>(
  orm: PostgresJsDatabase<typeof tables>,
  work: (tx: Executor) => Promise<R>,
): Promise<R> {
  let ended = false;
  let wake = () => {};
  const running = orm.transaction(async (tx) => {
    try {
      return await work(tx);
    } catch (err) {
      if (!connectionLost(err)) throw err;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, LOST_CONNECTION_GRACE_MS);
        timer.unref();
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
        if (ended) wake();
      });
      // Failed by the driver meanwhile: never settles, so no ROLLBACK goes to the closed connection.
      if (ended) await new Promise<never>(() => {});
      throw err;
    }
  });
  try {
    return await running;
  } finally {
    ended = true;
    wake();
  }
}

/** Errors after which the connection is closed or closing: the socket's, the driver's, a FATAL server's. */
function connectionLost(error: unknown): boolean {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  return (
    severity === "FATAL" ||
    severity === "PANIC" ||
    code === "CONNECTION_CLOSED" ||
    code === "CONNECTION_DESTROYED" ||
    code === "ECONNRESET" ||
    code === "EPIPE"
  );
}

function makeClient(
  executor: Executor,
  begin: (<R>(work: (tx: SqlClient) => Promise<R>) => Promise<R>) | null,
): SqlClient {
  const execute = async (statement: SQL): Promise<RawRow[] & { count?: number }> => {
    try {
      return (await executor.execute(statement)) as unknown as RawRow[] & { count?: number };
    } catch (err) {
      // drizzle wraps driver errors with the query and its parameters (which may hold secrets): keep the
      // driver's error, which says what went wrong.
      throw (err as { cause?: unknown }).cause ?? err;
    }
  };
  const client: SqlClient = {
    dialect: "pg",
    tables,
    fx: pgSql,
    isUniqueViolation: (error) => (error as { code?: unknown })?.code === "23505",
    isForeignKeyViolation: (error) => (error as { code?: unknown })?.code === "23503",
    isCheckViolation: (error) => (error as { code?: unknown })?.code === "23514",
    all: async (query) => (await execute(query.sql)).map((raw) => query.decode(raw)),
    first: async (query) => {
      const [raw] = await execute(query.sql);
      return raw ? query.decode(raw) : null;
    },
    one: async (query) => {
      const [raw] = await execute(query.sql);
      if (!raw) throw new Error("the statement returned no row");
      return query.decode(raw);
    },
    run: async (statement) => (await execute(statement)).count ?? 0,
    insertRows: async (table, columns, rows) => {
      if (rows.length === 0) return 0;
      const records = rows.map((row) => {
        const record: Record<string, unknown> = {};
        columns.forEach((column, k) => {
          const value = row[k];
          record[column.name] = value === null || value === undefined ? null : column.mapToDriverValue(value);
        });
        return record;
      });
      // A collation is not part of a record's column type: `text COLLATE "C"` reads as text.
      const types = columns
        .map((c) => `"${c.name}" ${c.getSQLType().replace(/ COLLATE .*$/, "")}`)
        .join(", ");
      const names = sql.raw(columns.map((c) => `"${c.name}"`).join(", "));
      const statement = sql`insert into ${table} (${names}) select ${names} from json_to_recordset(${JSON.stringify(records)}::json) as records(${sql.raw(types)})`;
      return (await execute(statement)).count ?? 0;
    },
    transaction: (work) => (begin ? begin(work) : work(client)),
  };
  return client;
}
