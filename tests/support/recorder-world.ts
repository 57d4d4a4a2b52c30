import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bootstrap } from "../../src/boot/bootstrap.ts";
import { loadConfig } from "../../src/config/load.ts";
import type { RecorderSettings } from "../../src/recorder/settings.ts";
import type { Storage } from "../../src/storage/storage.ts";
import { tokenChannel } from "../../src/twitch/playback.client.ts";
import { quiet } from "./recorder.ts";

/**
 * replayd's services as `bootstrap` builds them, over a fresh SQLite database in a temporary data folder
 * (or the database at `databaseUrl`, opened with the configured pool as replayd opens it),
 * recording from the simulator at `simUrl` (into that folder unless `storage` is given), with a short
 * rejoin window so recordings end soon after their stream.
 */
export async function recorderWorld(
  simUrl: string,
  options: {
    storage?: Storage;
    /** A DATABASE_URL (e.g. a `freshDatabase("pg")`'s) instead of SQLite in the data folder. */
    databaseUrl?: string;
    settings?: Partial<RecorderSettings>;
    maxConcurrent?: number;
    ffmpegPath?: string;
    /** Helix asks before live detection goes on without a stream's details (3 by default). */
    liveHydrateAttempts?: number;
    /** More settings, as environment variables (e.g. WEBHOOK_ALLOWED_HOSTS). */
    env?: Record<string, string>;
  } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), "replayd-recorder-"));
  const config = loadConfig({
    cwd: dir,
    env: {
      DATA_DIR: dir,
      TWITCH_SIMULATOR_URL: simUrl,
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...(options.ffmpegPath ? { FFMPEG_PATH: options.ffmpegPath } : {}),
      ...options.env,
    },
  });
  const booted = await bootstrap(config, quiet, {
    storage: options.storage,
    maxConcurrent: options.maxConcurrent ?? 1,
    recorderSettings: { maxRestartGapSeconds: 2, rejoinPollSeconds: 0.2, ...options.settings },
    webhookDispatcher: { pollMs: 600_000, retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 1000 } },
    liveHydrateAttempts: options.liveHydrateAttempts,
  });
  const { services, db } = booted;
  /** Watches a simulated channel (its Twitch id read from a playback token) and returns it as `start` takes it. */
  const watch = async (login: string) => {
    const channel = tokenChannel(await services.playback.accessToken(login));
    if (!channel) throw new Error("no channel id in the token");
    await services.repo.channels.upsert({
      broadcaster_id: channel.id,
      broadcaster_login: login,
      broadcaster_name: login,
    });
    return { id: channel.id, login, name: login };
  };
  return {
    dir,
    db,
    services,
    repo: services.repo,
    storage: services.storage,
    bus: services.bus,
    playback: services.playback,
    recorder: services.recorder,
    watch,
    /** Stops the recorder (recordings stay resumable) and closes the database. */
    async close() {
      await services.recorder.shutdown();
      await booted.close();
    },
  };
}
