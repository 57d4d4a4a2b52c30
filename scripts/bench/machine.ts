// The machine and the versions a results file is about, and the replayd executable the scenarios run.
import { Database } from "bun:sqlite";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { compileBinary } from "../build.ts";
import type { Machine } from "./results.ts";

const root = join(import.meta.dir, "..", "..");
export const PG_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export function machine(): Machine {
  const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1];
  return {
    cpu: model ?? cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    ram_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
  };
}

async function firstLine(cmd: string[]): Promise<string> {
  try {
    const proc = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
    const text = await new Response(proc.stdout).text();
    await proc.exited;
    return text.split("\n")[0]?.trim() || "unknown";
  } catch {
    return "not installed";
  }
}

export async function versions(binary: string): Promise<Record<string, string>> {
  const sqlite = new Database(":memory:");
  const sqliteVersion = (sqlite.query("select sqlite_version() as v").get() as { v: string }).v;
  sqlite.close();
  let pgVersion = "unreachable";
  const pg = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    pgVersion = ((await pg`show server_version`)[0] as { server_version: string }).server_version;
  } catch {
    // reported as unreachable
  } finally {
    await pg.end();
  }
  const ffmpeg = (await firstLine(["ffmpeg", "-version"])).replace(/^ffmpeg version (\S+).*/, "$1");
  return {
    replayd: `${(await firstLine([binary, "version"])).replace(/^replayd\s*/, "")} (${await gitCommit()})`,
    Bun: Bun.version,
    ffmpeg,
    streamlink: (await firstLine(["streamlink", "--version"])).replace(/^streamlink\s*/, ""),
    SQLite: sqliteVersion,
    Postgres: pgVersion,
  };
}

async function gitCommit(): Promise<string> {
  const line = await firstLine(["git", "-C", root, "rev-parse", "--short", "HEAD"]);
  const dirty = await firstLine(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"]);
  return dirty && dirty !== "unknown" ? `${line}+changes` : line;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const stat = statSync(join(dir, name));
    if (stat.isFile() && stat.mtimeMs > newest) newest = stat.mtimeMs;
  }
  return newest;
}

/** dist/replayd, compiled again when missing or older than the sources or the dashboard build (as `npm run build` would). */
export async function ensureBinary(): Promise<string> {
  const binary = join(root, "dist", "replayd");
  const dashboard = join(root, "dashboard", "dist");
  const sources = Math.max(
    newestMtime(join(root, "src")),
    newestMtime(join(root, "drizzle")),
    existsSync(dashboard) ? newestMtime(dashboard) : 0,
  );
  if (existsSync(binary) && statSync(binary).mtimeMs >= sources) return binary;
  process.stderr.write("bench: compiling dist/replayd (sources changed since the last build)…\n");
  await compileBinary(binary);
  return binary;
}
