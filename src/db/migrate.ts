import type { Database } from "bun:sqlite";
import type postgres from "postgres";
import type { DatabaseHandle } from "./connection.ts";
import { MIGRATIONS, type Migration } from "./migrations.ts";

export class MigrationError extends Error {
  override name = "MigrationError";
}

export interface MigrateResult {
  /** Versions applied by this call, in order. */
  applied: number[];
  /** The schema version after the call. */
  current: number | null;
}

// Any constant shared by every replayd instance: it names the lock that serialises migrations.
const PG_MIGRATION_LOCK = 7_301_995_001;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

interface AppliedRow {
  version: number;
  name: string;
}

/**
 * Applies pending migrations, each in its own transaction, recording them in `schema_migrations`.
 * On Postgres an advisory lock makes instances that start together take turns; on SQLite each
 * migration runs under BEGIN IMMEDIATE and re-checks whether another process applied it meanwhile.
 * A database that has migrations this binary does not know is refused untouched.
 */
export async function migrate(
  db: DatabaseHandle,
  migrations: readonly Migration[] = MIGRATIONS[db.dialect],
): Promise<MigrateResult> {
  return db.dialect === "sqlite" ? migrateSqlite(db.client, migrations) : migratePg(db.client, migrations);
}

function migrateSqlite(client: Database, migrations: readonly Migration[]): MigrateResult {
  client.exec(CREATE_TABLE);
  const readApplied = () =>
    client.query<AppliedRow, []>("SELECT version, name FROM schema_migrations ORDER BY version").all();
  checkCompatible(readApplied(), migrations);

  const applied: number[] = [];
  for (const migration of migrations) {
    client.exec("BEGIN IMMEDIATE");
    try {
      const done = client
        .query<{ n: number }, [number]>("SELECT count(*) AS n FROM schema_migrations WHERE version = ?")
        .get(migration.version);
      if (done?.n) {
        client.exec("COMMIT");
        continue;
      }
      for (const statement of migration.statements) client.exec(statement);
      client
        .query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
        .run(migration.version, migration.name, new Date().toISOString());
      client.exec("COMMIT");
      applied.push(migration.version);
    } catch (err) {
      client.exec("ROLLBACK");
      throw failed(migration, err);
    }
  }
  return { applied, current: currentVersion(readApplied()) };
}

async function migratePg(client: postgres.Sql, migrations: readonly Migration[]): Promise<MigrateResult> {
  // One reserved connection holds the session-level advisory lock for the whole run.
  const conn = await client.reserve();
  try {
    await conn`SELECT pg_advisory_lock(${PG_MIGRATION_LOCK})`;
    try {
      await conn.unsafe(CREATE_TABLE);
      const readApplied = () =>
        conn<AppliedRow[]>`SELECT version, name FROM schema_migrations ORDER BY version`.then((rows) => [
          ...rows,
        ]);
      const before = await readApplied();
      checkCompatible(before, migrations);
      const known = new Set(before.map((r) => r.version));

      const applied: number[] = [];
      for (const migration of migrations) {
        if (known.has(migration.version)) continue;
        await conn.unsafe("BEGIN");
        try {
          for (const statement of migration.statements) await conn.unsafe(statement);
          await conn`INSERT INTO schema_migrations (version, name, applied_at)
                     VALUES (${migration.version}, ${migration.name}, ${new Date().toISOString()})`;
          await conn.unsafe("COMMIT");
          applied.push(migration.version);
        } catch (err) {
          await conn.unsafe("ROLLBACK");
          throw failed(migration, err);
        }
      }
      return { applied, current: currentVersion(await readApplied()) };
    } finally {
      await conn`SELECT pg_advisory_unlock(${PG_MIGRATION_LOCK})`;
    }
  } finally {
    conn.release();
  }
}

/** Refuses a database migrated by a newer replayd, or by a build whose migration history differs. */
function checkCompatible(applied: readonly AppliedRow[], migrations: readonly Migration[]): void {
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  const newest = currentVersion(migrations.map((m) => ({ version: m.version, name: m.name })));
  for (const row of applied) {
    const version = Number(row.version);
    const mine = byVersion.get(version);
    if (!mine) {
      throw new MigrationError(
        `the database has schema version ${version} (${row.name}) but this replayd knows versions up to ${newest ?? "none"}: ` +
          "it was used by a newer replayd; upgrade replayd, or point DATABASE_URL at another database",
      );
    }
    if (mine.name !== row.name) {
      throw new MigrationError(
        `schema version ${version} in the database is "${row.name}" but this replayd calls it "${mine.name}": ` +
          "the database was migrated by a different build; restore a backup or use another DATABASE_URL",
      );
    }
  }
}

function currentVersion(rows: readonly AppliedRow[]): number | null {
  return rows.length ? Math.max(...rows.map((r) => Number(r.version))) : null;
}

function failed(migration: Migration, err: unknown): MigrationError {
  return new MigrationError(
    `migration ${migration.name} failed and was rolled back: ${(err as Error).message}`,
  );
}
