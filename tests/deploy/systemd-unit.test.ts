import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.ts";

// The VPS install's unit (deploy/replayd.service, docs/install.md) as systemd itself reads it, and the
// settings that keep replayd's promises: the data folder the only writable place, a stop budget above the
// server's own shutdown budget, a restart after a crash.

const UNIT = join(import.meta.dir, "..", "..", "deploy", "replayd.service");
const text = await Bun.file(UNIT).text();

/** `Key=value` lines of the unit (the last one wins, as in systemd; comments skipped). */
function settings(unit: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of unit.split("\n")) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m) found.set(m[1] as string, m[2] as string);
  }
  return found;
}

/**
 * `systemd-analyze verify` on the unit. The binary is not installed on this machine, so the copy checked
 * starts an executable that exists; every other line is the unit's own.
 */
async function verify(unit: string): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), "replayd-unit-"));
  const path = join(dir, "replayd.service");
  writeFileSync(path, unit.replace("ExecStart=/usr/local/bin/replayd", "ExecStart=/usr/bin/true"));
  const proc = Bun.spawn(["systemd-analyze", "verify", path], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, output: (out + err).trim() };
}

test("systemd-analyze verify passes the unit without a warning", async () => {
  expect(await verify(text)).toEqual({ code: 0, output: "" });
});

test("and would say so of a mistake (an unknown key, a malformed time)", async () => {
  const broken = text.replace("TimeoutStopSec=20s", "TimeoutStopSec=twenty\nProtectEverything=yes");
  const { output } = await verify(broken);
  expect(output).toContain("Unknown key 'ProtectEverything'");
  expect(output).toContain("Failed to parse");
});

test("a dedicated user, only the data folder writable, restarted after a crash", () => {
  const s = settings(text);
  expect(s.get("User")).toBe("replayd");
  expect(s.get("ExecStart")).toBe("/usr/local/bin/replayd serve");
  expect(s.get("ProtectSystem")).toBe("strict");
  const data = s.get("Environment")?.replace(/^DATA_DIR=/, "");
  expect(data).toBe("/var/lib/replayd");
  expect(s.get("ReadWritePaths")).toBe(data);
  expect(s.get("WorkingDirectory")).toBe(data);
  expect(s.get("StateDirectory")).toBe("replayd");
  expect(s.get("Restart")).toBe("on-failure");
});

test("the stop budget is above the server's own shutdown budget, so a stop never kills it mid-close", () => {
  const stop = Number(/^(\d+)s$/.exec(settings(text).get("TimeoutStopSec") ?? "")?.[1]);
  const budget = loadConfig({ cwd: tmpdir(), env: {} }).server.shutdown_timeout_seconds;
  expect(stop).toBeGreaterThan(budget);
  expect(settings(text).get("KillSignal")).toBe("SIGTERM");
});
