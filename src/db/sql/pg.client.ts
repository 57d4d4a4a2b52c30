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
  skipLocked: sql`for update skip locked`,
};

type Executor = Pick<PostgresJsDatabase<typeof tables>, "execute">;

/** The Postgres side of the repository: statements rendered and run by drizzle over postgres.js. */
export function createPgClient(orm: PostgresJsDatabase<typeof tables>): SqlClient {
  return makeClient(orm, (work) => orm.transaction((tx) => work(makeClient(tx, null))));
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
    transaction: (work) => (begin ? begin(work) : work(client)),
  };
  return client;
}
