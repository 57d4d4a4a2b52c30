import { afterEach, describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { freshDatabase } from "../../../tests/support/databases.ts";
import { ADMIN_URL } from "../../../tests/support/postgres.ts";
import { until } from "../../../tests/support/until.ts";
import { type DatabaseHandle, openDatabase } from "../connection.ts";
import { createPgClient } from "./pg.client.ts";

// postgres.js (3.4.9, 3.4.10) has two ways to end the process when Postgres drops a connection: a ROLLBACK
// written to a closed socket from a timer, and an unhandled rejection from the array-type query it runs on
// every new connection. A throw from a timer or an unhandled rejection during a test fails it here.
const cleanup: (() => Promise<unknown>)[] = [];
// Closing a pool takes its 5-s timeout after a statement failed with its connection (postgres.js keeps that
// statement as the connection's current one), hence the hook's longer timeout.
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => {});
}, 15_000);

async function setup() {
  const database = await freshDatabase("pg");
  cleanup.push(() => database.dispose());
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  cleanup.push(() => admin.end());
  return { database, admin, name: new URL(database.url).pathname.slice(1) };
}

async function open(url: string): Promise<DatabaseHandle & { dialect: "pg" }> {
  const handle = await openDatabase(url, { poolSize: 2 });
  cleanup.push(() => handle.close());
  if (handle.dialect !== "pg") throw new Error("expected Postgres");
  return handle;
}

const row = <R>(statement: ReturnType<typeof sql>) => ({
  sql: statement,
  decode: (raw: unknown) => raw as R,
});

describe("Postgres connections that go away", () => {
  test("a transaction whose backend is terminated mid-statement fails with the connection's error, and the pool goes on", async () => {
    const { database, admin } = await setup();
    const handle = await open(database.url);
    const client = createPgClient(handle.orm);
    let pid: number | null = null;
    const work = client.transaction(async (tx) => {
      pid = (await tx.one(row<{ pid: number }>(sql`select pg_backend_pid() as pid`))).pid;
      await tx.run(sql`select pg_sleep(30)`);
    });
    work.catch(() => {});
    // Terminated while the sleep runs: the server rolls the transaction back.
    await until("the transaction's statement running", async () => {
      if (pid === null) return false;
      const [active] =
        await admin`select 1 from pg_stat_activity where pid = ${pid} and query like '%pg_sleep%'`;
      return Boolean(active);
    });
    await admin`select pg_terminate_backend(${pid})`;
    const error = (await work.then(
      () => null,
      (err) => err,
    )) as { code?: string } | null;
    expect(["CONNECTION_CLOSED", "ECONNRESET"]).toContain(error?.code ?? "resolved");
    // The next statements get a new connection; a timer's throw would have failed the test by now.
    for (let i = 0; i < 3; i++) {
      expect(await client.one(row<{ one: number }>(sql`select 1 as one`))).toEqual({ one: 1 });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }, 20_000);

  test("a new connection whose statements the server cancels fails those statements only", async () => {
    const { database, admin, name } = await setup();
    const handle = await open(database.url);
    // Every new connection's statements are cancelled after 1 ms from now on: a query of the driver's own
    // on connecting (postgres.js fetches array types unless told not to) would fail outside any caller.
    await admin.unsafe(`ALTER DATABASE ${name} SET statement_timeout = '1ms'`);
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) {
      await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name}`;
      await handle.client`select 1`.then(
        () => outcomes.push("answered"),
        (err: { code?: string }) => outcomes.push(err.code ?? "error"),
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Answered in time, cancelled, or lost with the terminated connection: each the caller's to see.
    for (const outcome of outcomes)
      expect(["answered", "57014", "57P01", "CONNECTION_CLOSED", "ECONNRESET"]).toContain(outcome);
  }, 20_000);
});
