import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { type Clock, deadline, systemClock } from "../lib/clock.ts";
import type { Logger } from "../log/logger.ts";
import { storageLayout } from "../storage/layout.ts";
import type { Storage } from "../storage/storage.ts";

export interface SnapshotOptions {
  login: string;
  baseName: string;
  /** Origin of Twitch's preview images (the simulator's own origin in tests). */
  imagesOrigin: string;
  storage: Pick<Storage, "putFile" | "localPath">;
  scratchDir: string;
  /** Index of the next snapshot (snapshots of an earlier run are kept). */
  next: number;
  intervalMs?: number;
  fetch?: typeof fetch;
  log: Pick<Logger, "debug">;
  clock?: Clock;
  /** Called after each stored snapshot; snapshot 0 becomes the video's picture until its real thumbnail. */
  onSnapshot: (key: string, index: number) => Promise<void>;
}

/**
 * Twitch's own live preview, fetched every few minutes while recording: the video has a picture from its
 * first seconds, and the dashboard a row of moments before any frame is extracted.
 */
export async function takeLiveSnapshots(options: SnapshotOptions, signal: AbortSignal): Promise<void> {
  const interval = options.intervalMs ?? 5 * 60_000;
  const clock = options.clock ?? systemClock;
  let index = options.next;
  while (!signal.aborted) {
    const key = storageLayout.snapshot(options.baseName, index);
    const timeout = deadline(clock, 10_000);
    try {
      const url = `${options.imagesOrigin}/previews-ttv/live_user_${options.login}-1280x720.jpg?_t=${Math.floor(clock.now() / 1000)}`;
      const res = await (options.fetch ?? fetch)(url, { signal: timeout.signal, redirect: "manual" });
      // Twitch redirects to a grey placeholder while it has no preview yet: not worth keeping.
      if (res.status === 200 && res.headers.get("content-type")?.startsWith("image/")) {
        const path = options.storage.localPath(key) ?? join(options.scratchDir, `snap${index}.jpg`);
        await mkdir(join(path, ".."), { recursive: true });
        await Bun.write(path, await res.arrayBuffer());
        await options.storage.putFile(key, path, "image/jpeg");
        if (options.storage.localPath(key) === null) await rm(path, { force: true });
        await options.onSnapshot(key, index);
        index++;
      } else {
        await res.body?.cancel();
      }
    } catch (err) {
      options.log.debug({ err: (err as Error).message }, "no live snapshot this time");
    } finally {
      timeout.clear();
    }
    await clock.sleep(interval, signal);
  }
}
