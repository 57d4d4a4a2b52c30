import { Database } from "bun:sqlite";
import { chmodSync, closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { type BunSQLiteDatabase, drizzle as drizzleSqlite } from "drizzle-orm/bun-sqlite";
import { drizzle as drizzlePg, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { fsReason } from "../config/data-dir.ts";
import { redactUrl } from "../config/load.ts";
import * as pgSchema from "./schema/pg.ts";
import * as sqliteSchema from "./schema/sqlite.ts";

interface HandleBase {
  /** The connection URL with any password hidden, for logs. */
  readonly displayUrl: string;
  /** Resolves when the database answers a trivial query within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface SqliteHandle extends HandleBase {
  readonly dialect: "sqlite";
  readonly client: Database;
  readonly orm: BunSQLiteDatabase<typeof sqliteSchema>;
}

export interface PgHandle extends HandleBase {
  readonly dialect: "pg";
  readonly client: postgres.Sql;
  readonly orm: PostgresJsDatabase<typeof pgSchema>;
}

export type DatabaseHandle = SqliteHandle | PgHandle;

export class DatabaseError extends Error {
  override name = "DatabaseError";
}

export interface OpenOptions {
  /** Postgres pool size. */
  poolSize?: number;
}

/** Opens `sqlite:PATH` or `postgres://…` and checks that it answers. */
export async function openDatabase(url: string, options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (url.startsWith("sqlite:")) return openSqlite(url.slice("sqlite:".length));
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return openPostgres(url, options);
  throw new DatabaseError(`DATABASE_URL: expected sqlite:PATH or postgres://…, got "${redactUrl(url)}"`);
}

function openSqlite(file: string): SqliteHandle {
  if (file !== ":memory:") {
    try {
      mkdirSync(dirname(file), { recursive: true });
      // Owner only: it holds sessions and (encrypted) tokens. SQLite gives its -wal and -shm files the
      // database file's mode, so making the file first (or tightening an older one) covers all three.
      closeSync(openSync(file, "a", 0o600));
      chmodSync(file, 0o600);
    } catch (err) {
      throw new DatabaseError(
        `cannot create SQLite database ${file} (${fsReason(err)}): check DATABASE_URL (or DATA_DIR) and that the folder is writable`,
      );
    }
  }
  let client: Database;
  try {
    client = new Database(file, { create: true, strict: true });
  } catch (err) {
    throw new DatabaseError(`cannot open SQLite database ${file}: ${(err as Error).message}`);
  }
  // WAL lets readers run beside the single writer; the busy timeout makes a second writer wait instead of
  // failing; foreign keys are off by default in SQLite.
  client.exec("PRAGMA journal_mode = WAL");
  client.exec("PRAGMA busy_timeout = 5000");
  client.exec("PRAGMA foreign_keys = ON");
  client.exec("PRAGMA synchronous = NORMAL");
  // 64 MiB of page cache (the default is 2 MiB): a large library's aggregates re-read index pages that
  // would otherwise come from the OS on every query. It fills only as pages are read.
  client.exec("PRAGMA cache_size = -65536");
  return {
    dialect: "sqlite",
    client,
    orm: drizzleSqlite({ client, schema: sqliteSchema }),
    displayUrl: `sqlite:${file}`,
    async ping() {
      client.query("SELECT 1").get();
    },
    async close() {
      client.close();
    },
  };
}

async function openPostgres(url: string, options: OpenOptions): Promise<PgHandle> {
  const client = postgres(url, {
    max: options.poolSize ?? 10,
    connect_timeout: 5,
    idle_timeout: 60,
    onnotice: () => {},
    // No array types to learn (the schema has no array columns; drizzle sends lists as separate
    // parameters). Fetching them is every new connection's first query, and one that fails (its connection
    // terminated meanwhile) is an unhandled rejection inside postgres.js that ends the process
    // (porsager/postgres#1192, #1223).
    fetch_types: false,
    // Timestamps come back as text the timestamp columns parse (schema/timestamps.ts): pin the format
    // whatever the server's defaults.
    connection: { DateStyle: "ISO, MDY", TimeZone: "UTC" },
  });
  const displayUrl = redactUrl(url);
  const ping = (timeoutMs = 2000) =>
    withTimeout(
      client`select 1`.then(() => undefined),
      timeoutMs,
    );
  try {
    await ping(10_000);
  } catch (err) {
    await client.end({ timeout: 1 }).catch(() => {});
    throw new DatabaseError(`cannot connect to Postgres at ${displayUrl}: ${(err as Error).message}`);
  }
  return {
    dialect: "pg",
    client,
    orm: drizzlePg({ client, schema: pgSchema }),
    displayUrl,
    ping,
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: Timer | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
