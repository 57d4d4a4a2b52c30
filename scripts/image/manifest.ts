// docker/rootfs.manifest: what the image's final stage holds, file by file. One parser for the three users:
// the Dockerfile's COPY lines are rendered from it (`bun scripts/image/manifest.ts --write`), the validation
// lays out the same root filesystem from it, and a test fails when the Dockerfile's lines differ.
import {
  chmodSync,
  chownSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";

export const ROOT = join(import.meta.dir, "..", "..");
export const MANIFEST_PATH = join(ROOT, "docker", "rootfs.manifest");
export const DOCKERFILE_PATH = join(ROOT, "docker", "Dockerfile");

export type Source =
  | { kind: "context"; path: string }
  | { kind: "base"; path: string }
  | { kind: "ffmpeg"; name: "ffmpeg" | "ffprobe" }
  | { kind: "dir" };

export interface Entry {
  /** Absolute path in the image. */
  path: string;
  /** Permission bits, e.g. 0o1777. */
  mode: number;
  uid: number;
  gid: number;
  source: Source;
}

export class ManifestError extends Error {
  override name = "ManifestError";
}

export function parseManifest(text: string): Entry[] {
  const entries: Entry[] = [];
  const seen = new Set<string>();
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/#.*/, "").trim();
    if (!line) return;
    const where = `docker/rootfs.manifest:${i + 1}`;
    const fields = line.split(/\s+/);
    if (fields.length !== 4)
      throw new ManifestError(`${where}: expected "path mode uid:gid source", got "${line}"`);
    const [path, mode, owner, source] = fields as [string, string, string, string];
    if (!path.startsWith("/") || path.endsWith("/") || path.includes(".."))
      throw new ManifestError(`${where}: "${path}" is not an absolute path to a file or folder`);
    if (seen.has(path)) throw new ManifestError(`${where}: ${path} is listed twice`);
    seen.add(path);
    if (!/^[0-7]{4}$/.test(mode))
      throw new ManifestError(`${where}: mode "${mode}" is not four octal digits`);
    const ids = /^(\d+):(\d+)$/.exec(owner);
    if (!ids) throw new ManifestError(`${where}: owner "${owner}" is not uid:gid`);
    entries.push({
      path,
      mode: Number.parseInt(mode, 8),
      uid: Number(ids[1]),
      gid: Number(ids[2]),
      source: parseSource(source, where),
    });
  });
  return entries;
}

function parseSource(text: string, where: string): Source {
  if (text === "dir") return { kind: "dir" };
  const [kind, value = ""] = text.split(/:(.*)/s);
  if (kind === "context" && value && !value.startsWith("/")) return { kind, path: value };
  if (kind === "base" && value.startsWith("/")) return { kind, path: value };
  if (kind === "ffmpeg" && (value === "ffmpeg" || value === "ffprobe")) return { kind, name: value };
  throw new ManifestError(
    `${where}: source "${text}" is not context:RELATIVE, base:/ABSOLUTE, ffmpeg:ffmpeg|ffprobe or dir`,
  );
}

export function readManifest(): Entry[] {
  return parseManifest(readFileSync(MANIFEST_PATH, "utf8"));
}

const octal = (mode: number) => mode.toString(8).padStart(4, "0");

/** Where the Dockerfile's build stages keep what the final stage copies. */
export const STAGE = { base: "base", ffmpeg: "ffmpeg", ffmpegDir: "/out", dirs: "dirs", dirsRoot: "/rootfs" };

/**
 * The Dockerfile's two rendered blocks. Folders are made with their mode and owner in the `dirs` stage and
 * copied in with one `COPY --from=dirs /rootfs/ /` (a COPY keeps the metadata of what it copies, while
 * `--chmod` does not reach a folder it creates); each file is its own COPY with owner and mode spelled out.
 */
export function renderBlocks(entries: readonly Entry[]): { dirs: string[]; rootfs: string[] } {
  const folders = entries.filter((e) => e.source.kind === "dir");
  const dirs = folders.length
    ? [
        `RUN ${folders
          .map((e) => `install -d -m ${octal(e.mode)} -o ${e.uid} -g ${e.gid} ${STAGE.dirsRoot}${e.path}`)
          .join(" \\\n && ")}`,
      ]
    : [`RUN mkdir ${STAGE.dirsRoot}`];
  const rootfs = [`COPY --from=${STAGE.dirs} ${STAGE.dirsRoot}/ /`];
  for (const e of entries) {
    const flags = `--chown=${e.uid}:${e.gid} --chmod=${octal(e.mode)}`;
    if (e.source.kind === "context") rootfs.push(`COPY ${flags} ${e.source.path} ${e.path}`);
    if (e.source.kind === "base")
      rootfs.push(`COPY --from=${STAGE.base} ${flags} ${e.source.path} ${e.path}`);
    if (e.source.kind === "ffmpeg")
      rootfs.push(`COPY --from=${STAGE.ffmpeg} ${flags} ${STAGE.ffmpegDir}/${e.source.name} ${e.path}`);
  }
  return { dirs, rootfs };
}

const marker = (name: string) => ({
  begin: `# BEGIN ${name}: rendered from docker/rootfs.manifest by scripts/image/manifest.ts --write`,
  end: `# END ${name}`,
});

function replaceBlock(text: string, name: string, lines: readonly string[]): string {
  const { begin, end } = marker(name);
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new ManifestError(`docker/Dockerfile has no "${begin}" … "${end}" block`);
  return `${text.slice(0, from)}${[begin, ...lines].join("\n")}\n${text.slice(to)}`;
}

/** The Dockerfile with its rendered blocks replaced by the manifest's. */
export function withManifest(dockerfile: string, entries: readonly Entry[]): string {
  const blocks = renderBlocks(entries);
  return replaceBlock(replaceBlock(dockerfile, "dirs", blocks.dirs), "rootfs", blocks.rootfs);
}

/** Where the assembly finds each source on this machine. */
export interface SourceDirs {
  context: string;
  /** The base's root filesystem (docker/debian-base.sh's rootfs). */
  base: string;
  /** The folder holding ffmpeg and ffprobe (docker/build-ffmpeg.sh's output). */
  ffmpeg: string;
}

export function sourcePath(entry: Entry, dirs: SourceDirs): string | null {
  const s = entry.source;
  switch (s.kind) {
    case "context":
      return join(dirs.context, s.path);
    case "base":
      return join(dirs.base, s.path);
    case "ffmpeg":
      return join(dirs.ffmpeg, s.name);
    case "dir":
      return null;
  }
}

/**
 * Lays out the manifest under `root` as the final stage does: each file copied (symlinks followed), each
 * folder made, with the listed mode and owner; parent folders the entries need are root's, 0755. Must run
 * as root (the owners). Returns the bytes of the files written.
 */
export function assembleRootfs(entries: readonly Entry[], root: string, dirs: SourceDirs): number {
  let bytes = 0;
  for (const entry of entries) {
    const target = join(root, entry.path);
    mkdirParents(root, dirname(entry.path));
    const from = sourcePath(entry, dirs);
    if (from === null) mkdirSync(target, { recursive: true });
    else {
      try {
        copyFileSync(from, target);
      } catch (err) {
        throw new ManifestError(`${entry.path}: cannot copy ${from}: ${(err as Error).message}`);
      }
      bytes += statSync(target).size;
    }
    chownSync(target, entry.uid, entry.gid);
    chmodSync(target, entry.mode);
  }
  return bytes;
}

function mkdirParents(root: string, dir: string) {
  const parts = dir.split("/").filter(Boolean);
  let at = root;
  for (const part of parts) {
    at = join(at, part);
    try {
      mkdirSync(at, { mode: 0o755 });
      chownSync(at, 0, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
}

if (import.meta.main) {
  const entries = readManifest();
  const current = readFileSync(DOCKERFILE_PATH, "utf8");
  const rendered = withManifest(current, entries);
  if (process.argv.includes("--write")) {
    if (rendered !== current) writeFileSync(DOCKERFILE_PATH, rendered);
    console.log(
      rendered === current ? "docker/Dockerfile: up to date" : "docker/Dockerfile: rendered blocks rewritten",
    );
  } else {
    const blocks = renderBlocks(entries);
    console.log([...blocks.dirs, "", ...blocks.rootfs].join("\n"));
  }
}
