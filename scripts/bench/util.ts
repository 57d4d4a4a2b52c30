// Waiting and file helpers shared by the scenarios.

import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";

/** Polls `probe` every `everyMs` until it returns something truthy; throws after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 20,
): Promise<T> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const value = await probe();
    if (value) return value;
    await Bun.sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Waits for a process to exit; after `graceMs` sends SIGTERM, and SIGKILL 5 s later. True when it exited on its own. */
export async function exitOrStop(proc: Subprocess, graceMs: number): Promise<boolean> {
  const timer = (ms: number) => new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), ms));
  if ((await Promise.race([proc.exited, timer(graceMs)])) !== "timeout") return true;
  proc.kill("SIGTERM");
  if ((await Promise.race([proc.exited, timer(5_000)])) === "timeout") proc.kill("SIGKILL");
  await proc.exited;
  return false;
}

/** Every file under a folder (recursively), with its size; none when the folder does not exist. */
export function filesUnder(dir: string): { path: string; bytes: number }[] {
  try {
    return (readdirSync(dir, { recursive: true }) as string[])
      .map((name) => join(dir, name))
      .map((path) => ({ path, stat: statSync(path) }))
      .filter((f) => f.stat.isFile())
      .map((f) => ({ path: f.path, bytes: f.stat.size }));
  } catch {
    return [];
  }
}

export function bytesUnder(dir: string): number {
  return filesUnder(dir).reduce((n, f) => n + f.bytes, 0);
}

/** Runs `work` over the items with at most `limit` at a time, keeping the order of results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
