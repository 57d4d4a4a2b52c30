import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildDashboard, dashboardIsStale } from "../../scripts/dashboard.ts";
import { RELEASES, type Released, release } from "../../scripts/release.ts";
import { VERSION } from "../../src/version.ts";

// `npm run release` as a user gets it: a binary per architecture with its SHA-256, the arm64 one started
// under qemu (Debian's qemu-user-static, with the arm64 C library of libc6-arm64-cross).

const dir = mkdtempSync(join(tmpdir(), "replayd-release-"));
let released: Released[] = [];

beforeAll(async () => {
  if (dashboardIsStale()) await buildDashboard();
  released = await release(dir);
}, 240_000);
// Two 100 MiB executables: not left in /tmp.
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(cmd: string[], cwd = dir) {
  const proc = Bun.spawn(cmd, { cwd, stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH ?? "" } });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}

test("one binary per architecture, each with a sum sha256sum -c accepts", async () => {
  expect(released.map((r) => r.path)).toEqual(RELEASES.map((r) => join(dir, r.name)));
  expect(await run(["sha256sum", "-c", "SHA256SUMS"])).toMatchObject({ code: 0 });
  for (const r of RELEASES) expect((await run(["sha256sum", "-c", `${r.name}.sha256`])).code).toBe(0);
  expect((await run(["file", "-b", join(dir, "replayd-linux-arm64")])).stdout).toContain("ARM aarch64");
  expect((await run(["file", "-b", join(dir, "replayd-linux-x64")])).stdout).toContain("x86-64");
});

test("the x64 binary prints its version", async () => {
  expect(await run([join(dir, "replayd-linux-x64"), "version"])).toMatchObject({
    code: 0,
    stdout: `replayd ${VERSION}\n`,
  });
});

test("the arm64 binary prints its version under qemu", async () => {
  const arm = ["qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu", join(dir, "replayd-linux-arm64")];
  expect(await run([...arm, "version"])).toMatchObject({ code: 0, stdout: `replayd ${VERSION}\n` });
  // And its own help, read from the embedded sources: more than a stub that prints a string.
  expect((await run([...arm, "--help"])).stdout).toContain("healthcheck");
}, 60_000);
