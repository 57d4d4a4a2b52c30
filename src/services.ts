import { join } from "node:path";
import { Bus } from "./bus/bus.ts";
import type { ResolvedConfig } from "./config/index.ts";
import type { DatabaseHandle } from "./db/connection.ts";
import { createRepository, type Repository } from "./db/repository.ts";
import type { Logger } from "./log/logger.ts";
import type { RecorderEvents } from "./recorder/events.ts";
import { RecorderService } from "./recorder/recorder.service.ts";
import { DEFAULT_SETTINGS, type RecorderSettings } from "./recorder/recording.ts";
import { LocalStorage } from "./storage/local.storage.ts";
import { S3Storage } from "./storage/s3.storage.ts";
import type { Storage } from "./storage/storage.ts";
import { twitchEndpoints } from "./twitch/endpoints.ts";
import { PlaybackClient } from "./twitch/playback.client.ts";

/** Every event on the process's bus, by topic. */
export type AppEvents = RecorderEvents;

/** The long-lived services of one replayd process, built once at start from the config. */
export interface Services {
  repo: Repository;
  bus: Bus<AppEvents>;
  storage: Storage;
  playback: PlaybackClient;
  recorder: RecorderService;
}

export class ServicesConfigError extends Error {
  override name = "StartupError";
}

export function createServices(config: ResolvedConfig, db: DatabaseHandle, log: Logger): Services {
  const repo = createRepository(db);
  const bus = new Bus<AppEvents>((topic, err) => log.error({ err, topic }, "an event listener failed"));
  const storage = createStorage(config);
  const endpoints = twitchEndpoints(config.twitch);
  const playback = new PlaybackClient({ endpoints });
  const recorder = new RecorderService({
    repo,
    playback,
    imagesOrigin: endpoints.images,
    storage,
    scratchRoot: join(config.data_dir, "scratch"),
    ffmpegPath: config.ffmpeg.ffmpeg_path,
    ffprobePath: config.ffmpeg.ffprobe_path,
    log: log.child({ module: "recorder" }),
    bus,
    settings: recorderSettings(config),
    maxConcurrent: config.recorder.max_concurrent,
  });
  return { repo, bus, storage, playback, recorder };
}

export function recorderSettings(config: ResolvedConfig): RecorderSettings {
  const r = config.recorder;
  return {
    ...DEFAULT_SETTINGS,
    segmentConcurrency: r.segment_concurrency,
    maxRestartGapSeconds: r.max_restart_gap_seconds,
    maxPartBytes: r.max_part_bytes,
    maxPartSeconds: r.max_part_seconds,
    stallSeconds: r.stall_seconds,
    policy: { enableAv1: r.enable_av1, disableHevc: r.disable_hevc },
  };
}

function createStorage(config: ResolvedConfig): Storage {
  const s = config.storage;
  if (s.type === "local") return new LocalStorage(config.data_dir);
  if (!s.s3_bucket) {
    throw new ServicesConfigError(
      "storage.type is s3 but storage.s3_bucket is empty: name the bucket in config.toml",
    );
  }
  return new S3Storage({
    endpoint: s.s3_endpoint,
    bucket: s.s3_bucket,
    region: s.s3_region,
    accessKeyId: s.s3_access_key_id,
    secretAccessKey: s.s3_secret_access_key,
    pathStyle: s.s3_path_style,
  });
}
