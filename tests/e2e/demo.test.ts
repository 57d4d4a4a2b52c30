import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/connection.ts";
import { createRepository } from "../../src/db/repository.ts";
import { spawnDemo } from "../support/demo-process.ts";
import { freePort } from "../support/ports.ts";
import { type ServerProcess, spawnServer } from "../support/server-process.ts";
import { CookieJar } from "../support/sign-in.ts";
import { until } from "../support/until.ts";

// `replayd demo`: one command brings up replayd and the simulator; a simulated channel goes live and is
// recorded without anyone touching anything.
const MAIN = join(import.meta.dir, "..", "..", "src", "main.ts");
let demo: ServerProcess | undefined;
afterAll(async () => {
  await demo?.stop();
});

describe("replayd demo", () => {
  test("serves the dashboard, records a channel of the programme, and stops cleanly", async () => {
    const started = await spawnDemo("replayd-demo");
    demo = started.server;
    const { cwd, port } = started;
    const printed = `open http://127.0.0.1:${port}`;
    const lines = demo.lines;
    for (let i = 0; i < 100 && !lines.some((l) => l.includes(printed)); i++) await Bun.sleep(50);
    expect(lines.join("\n")).toContain(printed);
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status).toBe(200);

    const db = await openDatabase(`sqlite:${join(cwd, "demo-data", "replayd.db")}`);
    try {
      const repo = createRepository(db);
      const deadline = Date.now() + 20_000;
      let recording: string | undefined;
      while (!recording && Date.now() < deadline) {
        const page = await repo.videos.listPage({ viewer_id: null, limit: 10 });
        recording = page.items.find((v) => v.status === "RUNNING")?.broadcaster_login ?? undefined;
        if (!recording) await Bun.sleep(100);
      }
      expect(recording).toBe("kitchen_lab");
      expect((await repo.users.list()).map((u) => [u.login, u.role])).toEqual([["sim_viewer", "owner"]]);
    } finally {
      await db.close();
    }
    const { code } = await demo.stop();
    demo = undefined;
    expect(code).toBe(0);
  }, 60_000);
});

describe("replayd demo --host 0.0.0.0, opened from another machine", () => {
  /** A request to the demo as a browser on another machine makes it: to 127.0.0.1, with that machine's Host. */
  const HOST = "192.0.2.10";
  const demoStarts: ServerProcess[] = [];
  afterAll(async () => {
    for (const d of demoStarts) if (d.proc.exitCode === null) await d.stop();
  });

  async function startDemo(cwd: string, port: number): Promise<{ process: ServerProcess; simUrl: string }> {
    const started = await spawnServer({
      cmd: [process.execPath, MAIN, "demo", "--host", "0.0.0.0", "--port", String(port)],
      cwd,
      env: {},
      readyTimeoutMs: 20_000,
    });
    demoStarts.push(started);
    const line = await until("the simulator's address in the log", async () =>
      started.lines.find((l) => l.includes("the simulated Twitch listens on")),
    );
    return { process: started, simUrl: (JSON.parse(line) as { url: string }).url };
  }

  test("sign-in redirects follow the browser's host, and avatars load before and after a restart", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "replayd-demo-host-"));
    const port = freePort();
    const origin = `http://${HOST}:${port}`;
    const jar = new CookieJar();
    /** Fetches an absolute URL the demo handed out as the browser at HOST would, through loopback. */
    const asBrowser = (url: string) => {
      const { pathname, search, host } = new URL(url, origin);
      expect(host).toBe(`${HOST}:${port}`);
      return jar.fetch(`http://127.0.0.1:${port}${pathname}${search}`, { headers: { Host: host } });
    };

    const first = await startDemo(cwd, port);
    const start = await asBrowser(`${origin}/api/v1/auth/twitch`);
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get("location") ?? "");
    expect(authorize.origin).toBe(origin);
    expect(authorize.pathname).toBe("/api/v1/demo/twitch/oauth2/authorize");
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${origin}/api/v1/auth/twitch/callback`);
    const approved = await asBrowser(authorize.href);
    expect(approved.status).toBe(302);
    const callback = approved.headers.get("location") ?? "";
    expect(callback).toStartWith(`${origin}/api/v1/auth/twitch/callback?code=`);
    const signedIn = await asBrowser(callback);
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe("/dashboard");

    // The pictures the dashboard shows: the demo user's own, and each followed channel's.
    const db = await openDatabase(`sqlite:${join(cwd, "demo-data", "replayd.db")}`);
    const pictures = async () => {
      if (db.dialect !== "sqlite") throw new Error("the demo runs on SQLite");
      return db.client
        .query<{ url: string | null }, []>(
          "select profile_image_url as url from users union all select profile_image_url from channels",
        )
        .all()
        .map((row) => row.url);
    };
    let stored: string[] = [];
    try {
      stored = await until("every channel's picture stored by the follow sync", async () => {
        const urls = await pictures();
        return urls.length >= 6 && urls.every((u) => u !== null) ? (urls as string[]) : null;
      });
    } finally {
      await db.close();
    }
    for (const url of stored) expect(url).toStartWith("/api/v1/demo/twitch/jtv_user_pictures/");
    const loads = async (url: string) => {
      const res = await asBrowser(url);
      await res.arrayBuffer();
      return `${res.status} ${res.headers.get("content-type")}`;
    };
    for (const url of stored) expect(await loads(url)).toBe("200 image/jpeg");
    expect((await first.process.stop()).code).toBe(0);

    // The next start's simulator listens elsewhere; what was stored still loads.
    const second = await startDemo(cwd, port);
    expect(second.simUrl).not.toBe(first.simUrl);
    for (const url of stored) expect(await loads(url)).toBe("200 image/jpeg");
    expect((await second.process.stop()).code).toBe(0);
  }, 90_000);
});
