// `npm run release`: the dashboard, then one executable per Linux architecture, cross-compiled by Bun
// (dist/release/replayd-linux-x64, replayd-linux-arm64), each with its SHA-256 (`<file>.sha256`, the
// format `sha256sum -c` reads) and all of them in SHA256SUMS. Exported so a test can release into a folder
// of its own.
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { compileBinary, type ReleaseTarget } from "./build.ts";
import { buildDashboard, dashboardIsStale } from "./dashboard.ts";

export const RELEASES: readonly { name: string; target: ReleaseTarget }[] = [
  { name: "replayd-linux-x64", target: "bun-linux-x64" },
  { name: "replayd-linux-arm64", target: "bun-linux-arm64" },
];

export interface Released {
  path: string;
  sha256: string;
  bytes: number;
}

/** Builds every release binary (or the named ones) into `dir`, with their sums. */
export async function release(dir: string, names?: readonly string[]): Promise<Released[]> {
  mkdirSync(dir, { recursive: true });
  const out: Released[] = [];
  for (const { name, target } of RELEASES.filter((r) => !names || names.includes(r.name))) {
    const path = join(dir, name);
    await compileBinary(path, target);
    const bytes = await Bun.file(path).bytes();
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    writeFileSync(`${path}.sha256`, `${sha256}  ${basename(path)}\n`);
    out.push({ path, sha256, bytes: bytes.length });
  }
  writeFileSync(join(dir, "SHA256SUMS"), out.map((r) => `${r.sha256}  ${basename(r.path)}\n`).join(""));
  return out;
}

if (import.meta.main) {
  if (dashboardIsStale()) await buildDashboard();
  const dir = join(import.meta.dir, "..", "dist", "release");
  for (const r of await release(dir))
    console.error(`replayd: ${r.path} (${(r.bytes / 2 ** 20).toFixed(1)} MiB) sha256 ${r.sha256}`);
}
