import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator } from "../../src/sim/server.ts";
import { quiet } from "../support/recorder.ts";
import { startReplayd } from "../support/sign-in.ts";

// Acceptance 1 of the API: scripts/api-walkthrough.sh (curl and a cookie jar) against the real server.
const SCRIPT = join(import.meta.dir, "..", "..", "scripts", "api-walkthrough.sh");
const sim = startSimulator({ log: quiet, port: 0, seed: 13 });
let app: Awaited<ReturnType<typeof startReplayd>> | undefined;
afterAll(async () => {
  await app?.stop();
  await sim.stop();
});

describe("the API from a shell script", () => {
  test("sign in, add a channel, record, progress over SSE, Range on the finished part", async () => {
    const config = join(mkdtempSync(join(tmpdir(), "replayd-walk-")), "config.toml");
    writeFileSync(config, "[recorder]\nmax_restart_gap_seconds = 1\n");
    app = await startReplayd(sim.url, { CONFIG_FILE: config });
    const proc = Bun.spawn(["bash", SCRIPT, app.url, sim.url], { stdout: "pipe", stderr: "pipe" });
    const [out, err, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    console.log(out.trim());
    if (code !== 0) console.error(err);
    expect(code).toBe(0);
    expect(out).toContain("walkthrough ok");
  }, 90_000);
});
