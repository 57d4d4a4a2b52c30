import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/connection.ts";
import { createRepository } from "../../src/db/repository.ts";
import { freePort } from "../support/ports.ts";
import { type ServerProcess, spawnServer } from "../support/server-process.ts";

// `replayd demo`: one command brings up replayd and the simulator; a simulated channel goes live and is
// recorded without anyone touching anything.
const MAIN = join(import.meta.dir, "..", "..", "src", "main.ts");
let demo: ServerProcess | undefined;
afterAll(async () => {
  await demo?.stop();
});

describe("replayd demo", () => {
  test("serves the dashboard, records a channel of the programme, and stops cleanly", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "replayd-demo-"));
    const port = freePort();
    demo = await spawnServer({
      cmd: [process.execPath, MAIN, "demo", "--port", String(port), "--data-dir", join(cwd, "demo-data")],
      cwd,
      env: {},
      readyTimeoutMs: 20_000,
    });
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
