import type { Repository } from "../db/repository.ts";
import { sleep } from "../lib/sleep.ts";
import type { Logger } from "../log/logger.ts";

/** What the demo promises a new user: a finished recording to watch within this long. */
export const FIRST_RECORDING_PROMISE_MS = 5 * 60_000;

/**
 * The demo's own check of its promise: it watches the library and, once a recording is DONE with a
 * stored part, says where to watch it; if five minutes pass without one, it says that too (with where to
 * look), rather than leaving a new user to wonder.
 */
export async function announceFirstRecording(options: {
  repo: Pick<Repository, "videos">;
  origin: string;
  signal: AbortSignal;
  log: Logger;
  write: (text: string) => void;
  pollMs?: number;
}): Promise<void> {
  const { signal, log } = options;
  const started = Date.now();
  let warned = false;
  const { repo } = options;
  try {
    while (!signal.aborted) {
      const page = await repo.videos.listPage({ viewer_id: null, limit: 20, status: "DONE" });
      const done = page.items.find((v) => (v.duration_seconds ?? 0) > 0);
      if (done) {
        const seconds = Math.round((Date.now() - started) / 1000);
        log.info({ video_id: done.id, after_seconds: seconds }, "the demo's first recording is finished");
        options.write(
          `\nA finished recording is ready to watch (${done.broadcaster_login}, ${seconds} s after the start): ` +
            `${options.origin}/watch/${done.id}\n\n`,
        );
        return;
      }
      if (!warned && Date.now() - started > FIRST_RECORDING_PROMISE_MS) {
        warned = true;
        log.warn(
          "no recording has finished within five minutes: the logs above (recorder, live) say what went wrong",
        );
      }
      await sleep(options.pollMs ?? 2000, signal);
    }
  } catch (err) {
    log.warn({ err: (err as Error).message }, "the demo could not check its recordings");
  }
}
