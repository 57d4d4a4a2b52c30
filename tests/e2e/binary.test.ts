import { Database } from "bun:sqlite";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { compileBinary } from "../../scripts/build.ts";
import { buildDashboard } from "../../scripts/dashboard.ts";
import { MIGRATIONS } from "../../src/db/migrations.ts";
import { VERSION } from "../../src/version.ts";
import { launchBrowser } from "../support/browser.ts";
import { freePort, waitForOk } from "../support/ports.ts";
import { createTestPgDatabase, type TestPgDatabase } from "../support/postgres.ts";
import { runToExit, type ServerProcess, spawnServer } from "../support/server-process.ts";

// The single executable, built once for this file and copied alone into empty folders, as a user would.
const ROOT = join(import.meta.dir, "..", "..");
let binary = "";
const running: ServerProcess[] = [];
const databases: TestPgDatabase[] = [];

function installAlone(): { dir: string; exe: string } {
  const dir = mkdtempSync(join(tmpdir(), "replayd-bin-"));
  const exe = join(dir, "replayd");
  copyFileSync(binary, exe);
  Bun.spawnSync(["chmod", "+x", exe]);
  return { dir, exe };
}

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const { dir, exe } = installAlone();
  const server = await spawnServer({ cmd: [exe], cwd: dir, env: { PORT: "0", ...env } });
  running.push(server);
  return server;
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, "dashboard", "dist", "index.html"))) await buildDashboard();
  binary = join(mkdtempSync(join(tmpdir(), "replayd-build-")), "replayd");
  await compileBinary(binary);
}, 180_000);

afterEach(() => {
  for (const server of running.splice(0)) server.proc.kill("SIGKILL");
});

// Dropping a database takes a checkpoint: on a loaded machine that is longer than the 5 s hook default.
afterAll(async () => {
  for (const db of databases) await db.drop();
}, 60_000);

describe("dist/replayd alone in an empty folder", () => {
  test("answers health, creates the SQLite database, serves the dashboard, and exits 0 on SIGTERM", async () => {
    const { dir, exe } = installAlone();
    const port = freePort();
    const dataDir = join(dir, "store");
    const proc = Bun.spawn([exe], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", PORT: String(port), DATA_DIR: dataDir, LOG_FORMAT: "json" },
      stdout: "ignore",
      stderr: "pipe",
    });
    try {
      const msToHealthy = await waitForOk(`http://127.0.0.1:${port}/api/v1/health`);
      console.log(`binary: healthy ${Math.round(msToHealthy)} ms after spawn`);

      const db = new Database(join(dataDir, "replayd.db"), { readonly: true });
      const versions = db
        .query<{ version: number }, []>("SELECT version FROM schema_migrations ORDER BY version")
        .all();
      db.close();
      expect(versions.map((r) => r.version)).toEqual(MIGRATIONS.sqlite.map((m) => m.version));

      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.headers.get("Content-Type")).toContain("text/html");
      const html = await page.text();
      expect(html).toContain('<div id="root">');
      const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] as string);
      expect(scripts.length).toBeGreaterThan(0);
      for (const path of scripts) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`);
        expect(res.status).toBe(200);
        expect(res.headers.get("Content-Type")).toMatch(/javascript|css/);
        expect(res.headers.get("Cache-Control")).toContain("immutable");
      }
      expect((await fetch(`http://127.0.0.1:${port}/some/client/route`)).status).toBe(200);

      const stopStarted = performance.now();
      proc.kill("SIGTERM");
      expect(await proc.exited).toBe(0);
      expect(performance.now() - stopStarted).toBeLessThan(10_000);
    } finally {
      proc.kill("SIGKILL");
    }
  }, 30_000);

  test("version, config example and migrate work without the source tree", async () => {
    const { dir, exe } = installAlone();
    const version = await runToExit([exe, "version"], dir, {});
    expect(version.stdout.trim()).toBe(`replayd ${VERSION}`);
    const example = await runToExit([exe, "config", "example"], dir, {});
    expect(example.code).toBe(0);
    expect(example.stdout).toBe(await Bun.file(join(ROOT, "config.example.toml")).text());
    const migrate = await runToExit([exe, "migrate"], dir, {});
    expect(migrate.code).toBe(0);
    expect(existsSync(join(dir, "data", "replayd.db"))).toBe(true);
  });
});

describe("the embedded dashboard in a real browser", () => {
  test("renders the app: a visitor is sent to sign in with Twitch", async () => {
    // A Twitch application is set (never called here): without one the page explains the setup instead.
    const server = await start({
      TWITCH_CLIENT_ID: "e2e-client-id",
      TWITCH_CLIENT_SECRET: "e2e-client-secret",
    });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (err) => errors.push(err.message));
      await page.goto(`${server.url}/`);
      // Nobody is signed in: the session gate answers with the sign-in page, whose button starts OAuth.
      const signIn = page.locator('a[href="/api/v1/auth/twitch"]');
      await signIn.waitFor({ timeout: 10_000 });
      expect(new URL(page.url()).pathname).toBe("/login");
      // A client route loaded directly (SPA fallback) renders the app, not a server error.
      await page.goto(`${server.url}/no/such/page`);
      await page.locator("#root *").first().waitFor({ timeout: 10_000 });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe("dist/replayd on Postgres", () => {
  async function freshDatabase(): Promise<TestPgDatabase> {
    const db = await createTestPgDatabase();
    databases.push(db);
    return db;
  }

  async function appliedVersions(url: string): Promise<number[]> {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ version: number }[]>`SELECT version FROM schema_migrations ORDER BY version`;
      return rows.map((r) => Number(r.version));
    } finally {
      await sql.end();
    }
  }

  test("is healthy with migrations applied; a second start applies none", async () => {
    const db = await freshDatabase();
    const first = await start({ DATABASE_URL: db.url });
    expect((await fetch(`${first.url}/api/v1/health`)).status).toBe(200);
    expect(first.lines.some((l) => l.includes("database migrated"))).toBe(true);
    expect((await first.stop()).code).toBe(0);
    expect(await appliedVersions(db.url)).toEqual(MIGRATIONS.pg.map((m) => m.version));

    const second = await start({ DATABASE_URL: db.url, LOG_LEVEL: "debug" });
    expect((await fetch(`${second.url}/api/v1/health`)).status).toBe(200);
    expect(second.lines.some((l) => l.includes("database migrated"))).toBe(false);
    expect(second.lines.some((l) => l.includes("database schema up to date"))).toBe(true);
    expect((await second.stop()).code).toBe(0);
  }, 30_000);

  test("two instances started at once on an empty database both come up", async () => {
    const db = await freshDatabase();
    const [a, b] = await Promise.all([start({ DATABASE_URL: db.url }), start({ DATABASE_URL: db.url })]);
    for (const server of [a, b]) expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
    expect(await appliedVersions(db.url)).toEqual(MIGRATIONS.pg.map((m) => m.version));
    expect([a, b].filter((s) => s.lines.some((l) => l.includes("database migrated")))).toHaveLength(1);
  }, 30_000);

  test("a Postgres that cannot be reached is one clear line", async () => {
    const { dir, exe } = installAlone();
    const { code, stderr } = await runToExit([exe], dir, {
      DATABASE_URL: `postgres://postgres:pw@127.0.0.1:${freePort()}/nothing`,
    });
    expect(code).not.toBe(0);
    expect(stderr.trim()).toMatch(
      /^replayd: cannot connect to Postgres at postgres:\/\/postgres:REDACTED@127\.0\.0\.1:\d+\/nothing: /,
    );
    expect(stderr).not.toContain(":pw@");
  });
});
