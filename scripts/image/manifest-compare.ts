// The built image's filesystem against docker/rootfs.manifest: what `podman export` wrote, listed by tar,
// must be the manifest's entries with their modes, owners and sizes, and nothing else.
import { statSync } from "node:fs";
import { assert } from "./checks.ts";
import { type Entry, type SourceDirs, sourcePath } from "./manifest.ts";

/**
 * The exported container filesystem (tar -tv) against the manifest: every entry with its mode, owner and size,
 * and nothing else but the folders leading to them.
 */
export function compareWithManifest(listing: string, entries: readonly Entry[], dirs: SourceDirs) {
  const found = new Map<string, { mode: string; owner: string; size: number }>();
  for (const line of listing.trim().split("\n")) {
    const m = /^(\S+)\s+(\d+)\/(\d+)\s+(\d+)\s+\S+\s+\S+\s+(.+)$/.exec(line);
    assert(m, `cannot read the listing line "${line}"`);
    const path = `/${(m[5] as string).replace(/^\.?\//, "").replace(/\/$/, "")}`;
    if (path === "/") continue;
    found.set(path, { mode: m[1] as string, owner: `${m[2]}:${m[3]}`, size: Number(m[4]) });
  }
  const parents = new Set<string>();
  for (const e of entries) {
    for (let at = e.path.lastIndexOf("/"); at > 0; at = e.path.lastIndexOf("/", at - 1))
      parents.add(e.path.slice(0, at));
    const got = found.get(e.path);
    assert(got, `${e.path} is missing`);
    const want = modeString(e);
    assert(got.mode === want, `${e.path}: ${got.mode}, expected ${want}`);
    assert(got.owner === `${e.uid}:${e.gid}`, `${e.path}: owner ${got.owner}, expected ${e.uid}:${e.gid}`);
    const from = sourcePath(e, dirs);
    if (from)
      assert(
        got.size === statSync(from).size,
        `${e.path}: ${got.size} bytes, its source ${statSync(from).size}`,
      );
  }
  const extra = [...found.keys()].filter((p) => !entries.some((e) => e.path === p) && !parents.has(p));
  assert(extra.length === 0, `not in the manifest: ${extra.join(", ")}`);
  return `${entries.length} entries with their modes, owners and sizes, nothing else (plus ${parents.size} parent folders)`;
}

/** The entry's type and mode as `tar -tv` (and `ls -l`) print them: drwxrwxrwt, -rwxr-xr-x, … */
export function modeString(e: Entry): string {
  const type = e.source.kind === "dir" ? "d" : "-";
  const bits = ["r", "w", "x"];
  let s = "";
  for (let i = 8; i >= 0; i--) s += e.mode & (1 << i) ? (bits[(8 - i) % 3] as string) : "-";
  const chars = s.split("");
  if (e.mode & 0o1000) chars[8] = chars[8] === "x" ? "t" : "T";
  if (e.mode & 0o2000) chars[5] = chars[5] === "x" ? "s" : "S";
  if (e.mode & 0o4000) chars[2] = chars[2] === "x" ? "s" : "S";
  return type + chars.join("");
}
