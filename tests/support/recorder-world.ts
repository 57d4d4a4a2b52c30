import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bus } from "../../src/bus/bus.ts";
import { openDatabase } from "../../src/db/connection.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createRepository } from "../../src/db/repository.ts";
import type { RecorderEvents } from "../../src/recorder/events.ts";
import { RecorderService } from "../../src/recorder/recorder.service.ts";
import { DEFAULT_SETTINGS, type RecorderSettings } from "../../src/recorder/settings.ts";
import { LocalStorage } from "../../src/storage/local.storage.ts";
import type { Storage } from "../../src/storage/storage.ts";
import { twitchEndpoints } from "../../src/twitch/endpoints.ts";
import { PlaybackClient, tokenChannel } from "../../src/twitch/playback.client.ts";
import { quiet } from "./recorder.ts";

/**
 * The recorder service over a fresh SQLite database in a temporary folder, recording from the simulator at
 * `simUrl` (into that folder unless `storage` is given), with a short rejoin window so recordings end soon
 * after their stream.
 */
export async function recorderWorld(
  simUrl: string,
  options: {
    storage?: Storage;
    bus?: Bus<RecorderEvents>;
    settings?: Partial<RecorderSettings>;
    maxConcurrent?: number;
    ffmpegPath?: string;
  } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), "replayd-recorder-"));
  const db = await openDatabase(`sqlite:${join(dir, "replayd.db")}`);
  await migrate(db);
  const repo = createRepository(db);
  const storage = options.storage ?? new LocalStorage(dir);
  const bus = options.bus ?? new Bus<RecorderEvents>();
  const endpoints = twitchEndpoints({
    client_id: "",
    client_secret: "",
    simulator_url: simUrl,
    helix_url: "",
    oauth_url: "",
    gql_url: "",
    usher_url: "",
  });
  const playback = new PlaybackClient({ endpoints });
  const recorder = new RecorderService({
    repo,
    playback,
    imagesOrigin: endpoints.images,
    storage,
    scratchRoot: join(dir, "scratch"),
    ffmpegPath: options.ffmpegPath ?? "ffmpeg",
    ffprobePath: "ffprobe",
    log: quiet,
    bus,
    settings: { ...DEFAULT_SETTINGS, maxRestartGapSeconds: 2, rejoinPollSeconds: 0.2, ...options.settings },
    maxConcurrent: options.maxConcurrent ?? 1,
  });
  /** Watches a simulated channel (its Twitch id read from a playback token) and returns it as `start` takes it. */
  const watch = async (login: string) => {
    const channel = tokenChannel(await playback.accessToken(login));
    if (!channel) throw new Error("no channel id in the token");
    await repo.channels.upsert({
      broadcaster_id: channel.id,
      broadcaster_login: login,
      broadcaster_name: login,
    });
    return { id: channel.id, login, name: login };
  };
  return { dir, db, repo, storage, bus, playback, recorder, watch };
}
