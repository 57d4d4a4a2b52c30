import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { type DatabaseHandle, openDatabase } from "../../src/db/connection.ts";
import { migrate } from "../../src/db/migrate.ts";
import { MIGRATIONS } from "../../src/db/migrations.ts";
import type { Dialect } from "../../src/db/sql/client.ts";
import { ADMIN_URL } from "./postgres.ts";

/**
 * A fresh, fully migrated database per test, fast: the migrations run once into a template (a SQLite file,
 * a Postgres database), and each test gets a copy (file copy, `CREATE DATABASE … TEMPLATE`).
 */
export interface FreshDatabase {
  dialect: Dialect;
  /** The DATABASE_URL of this database, for more connections or child processes. */
  url: string;
  /** Opens another connection (closed by `dispose`). */
  open(): Promise<DatabaseHandle>;
  dispose(): Promise<void>;
}

export async function freshDatabase(dialect: Dialect): Promise<FreshDatabase> {
  return dialect === "sqlite" ? freshSqlite() : freshPg();
}

function trackHandles(url: string) {
  const handles: DatabaseHandle[] = [];
  return {
    async open() {
      const handle = await openDatabase(url, { poolSize: 4 });
      handles.push(handle);
      return handle;
    },
    async closeAll() {
      for (const handle of handles.splice(0)) await handle.close().catch(() => {});
    },
  };
}

let sqliteTemplate: Promise<string> | undefined;

async function freshSqlite(): Promise<FreshDatabase> {
  sqliteTemplate ??= (async () => {
    const file = join(mkdtempSync(join(tmpdir(), "replayd-template-")), "template.db");
    const db = await openDatabase(`sqlite:${file}`);
    await migrate(db);
    if (db.dialect === "sqlite") db.client.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    await db.close();
    return file;
  })();
  const template = await sqliteTemplate;
  const dir = mkdtempSync(join(tmpdir(), "replayd-test-"));
  const file = join(dir, "replayd.db");
  copyFileSync(template, file);
  const url = `sqlite:${file}`;
  const handles = trackHandles(url);
  return {
    dialect: "sqlite",
    url,
    open: handles.open,
    async dispose() {
      await handles.closeAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Named after the migrations it holds, so a build with other migrations gets (and keeps) its own. */
const PG_TEMPLATE = `replayd_tpl_${createHash("sha256").update(JSON.stringify(MIGRATIONS.pg)).digest("hex").slice(0, 16)}`;
const TEMPLATE_LOCK = 7_301_995_002;

let pgTemplate: Promise<string> | undefined;
let adminPool: postgres.Sql | undefined;
let prefetched: Promise<PreparedPg> | undefined;
let drops: Promise<unknown> = Promise.resolve();

// Every database this process creates starts with this prefix, so teardown can find any left behind.
const TEST_PREFIX = `replayd_test_${process.pid}_`;

function admin(): postgres.Sql {
  adminPool ??= postgres(ADMIN_URL, { max: 2, idle_timeout: 5, onnotice: () => {} });
  return adminPool;
}

function dbUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function ensurePgTemplate(): Promise<string> {
  const sql = await admin().reserve();
  try {
    // Test processes started together build the template once: the others wait on the lock, then find it.
    await sql`select pg_advisory_lock(${TEMPLATE_LOCK})`;
    try {
      const [found] = await sql`select 1 from pg_database where datname = ${PG_TEMPLATE}`;
      if (!found) {
        const building = `${PG_TEMPLATE}_building`;
        await sql.unsafe(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        await sql.unsafe(`CREATE DATABASE ${building}`);
        const db = await openDatabase(dbUrl(building), { poolSize: 1 });
        try {
          await migrate(db);
        } finally {
          await db.close();
        }
        // Renamed only once complete, so a crash mid-build never leaves a half-migrated template.
        await sql.unsafe(`ALTER DATABASE ${building} RENAME TO ${PG_TEMPLATE}`);
      }
    } finally {
      await sql`select pg_advisory_unlock(${TEMPLATE_LOCK})`;
    }
    return PG_TEMPLATE;
  } finally {
    sql.release();
  }
}

async function createFromTemplate(): Promise<string> {
  pgTemplate ??= ensurePgTemplate();
  const template = await pgTemplate;
  const name = `${TEST_PREFIX}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  await admin().unsafe(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return name;
}

interface PreparedPg {
  name: string;
  /** Already connected: the first connection to a new database is slow (Postgres builds its caches). */
  handle: DatabaseHandle;
}

async function preparePg(): Promise<PreparedPg> {
  const name = await createFromTemplate();
  return { name, handle: await openDatabase(dbUrl(name), { poolSize: 4 }) };
}

/** Making a database takes ~0.2 s: the next test's is made and connected while this test runs. */
async function takePgDatabase(): Promise<PreparedPg> {
  const prepared = await (prefetched ?? preparePg());
  const next = preparePg();
  next.catch(() => {});
  prefetched = next;
  return prepared;
}

/** Drops run one after another in the background; `cleanupTestDatabases` waits for them. */
function dropLater(name: string): void {
  drops = drops.then(() => admin().unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(() => {});
}

async function freshPg(): Promise<FreshDatabase> {
  const { name, handle } = await takePgDatabase();
  const url = dbUrl(name);
  const handles = trackHandles(url);
  let warm: DatabaseHandle | undefined = handle;
  return {
    dialect: "pg",
    url,
    async open() {
      if (!warm) return handles.open();
      const first = warm;
      warm = undefined;
      return first;
    },
    async dispose() {
      await handle.close().catch(() => {});
      await handles.closeAll();
      dropLater(name);
    },
  };
}

/** Drops every Postgres database this process made (run once after all tests, from the preload). */
export async function cleanupTestDatabases(): Promise<void> {
  if (!adminPool) return;
  const spare = prefetched;
  prefetched = undefined;
  await spare?.then(
    async ({ name, handle }) => {
      await handle.close();
      dropLater(name);
    },
    () => {},
  );
  await drops;
  const left = await admin()<{ datname: string }[]>`
    select datname from pg_database where datname like ${`${TEST_PREFIX}%`}`;
  for (const { datname } of left) await admin().unsafe(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  await adminPool.end();
  adminPool = undefined;
}
