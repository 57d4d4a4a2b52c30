import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../../src/log/logger.ts";
import type { RecordingJournal, RecordingProgress, SegmentPlacement } from "../../src/recorder/journal.ts";
import type { PartStills } from "../../src/recorder/part-finisher.ts";
import { Recording } from "../../src/recorder/recording.ts";
import { freshState, type PartState, type ResumeState } from "../../src/recorder/resume-state.ts";
import { DEFAULT_SETTINGS, type RecorderSettings } from "../../src/recorder/settings.ts";
import { startSimulator } from "../../src/sim/server.ts";
import { LocalStorage } from "../../src/storage/local.storage.ts";
import type { Storage } from "../../src/storage/storage.ts";
import { twitchEndpoints } from "../../src/twitch/endpoints.ts";
import { PlaybackClient } from "../../src/twitch/playback.client.ts";
import type { Quality } from "../../src/twitch/variant.ts";

export const quiet = createLogger({
  level: process.env.TEST_LOG_LEVEL === "debug" ? "debug" : "fatal",
  format: "json",
});

/** A journal that keeps everything in memory, standing in for the database in recorder tests. */
export class MemoryJournal implements RecordingJournal {
  /** The latest checkpoint only: keeping every one would grow with the recording (and skew memory benchmarks). */
  lastCheckpoint: ResumeState | null = null;
  checkpoints = 0;
  opened: PartState[] = [];
  finished: { part: PartState }[] = [];
  stills: ({ part: PartState } & PartStills)[] = [];
  last: RecordingProgress | null = null;
  async checkpoint(state: ResumeState) {
    this.lastCheckpoint = structuredClone(state);
    this.checkpoints++;
  }
  dropped: PartState[] = [];
  async partOpened(part: PartState, state: ResumeState) {
    this.opened.push(part);
    await this.checkpoint(state);
  }
  async partDropped(part: PartState, state: ResumeState) {
    this.dropped.push(part);
    await this.checkpoint(state);
  }
  async partFinished(part: PartState) {
    this.finished.push({ part });
  }
  snapshots: string[] = [];
  async snapshot(key: string) {
    this.snapshots.push(key);
  }
  async partStills(part: PartState, stills: PartStills) {
    this.stills.push({ part, ...stills });
  }
  progress(progress: RecordingProgress) {
    this.last = progress;
  }
  /** The latest placement and how many there were (not all: memory benchmarks run through this). */
  lastPlaced: SegmentPlacement | null = null;
  placedCount = 0;
  placed(placement: SegmentPlacement) {
    this.lastPlaced = placement;
    this.placedCount++;
  }
}

/** The simulator on a free port, with helpers to drive it and read its segment ledger. */
export function simulator(options: { warp?: number; seed?: number } = {}) {
  const sim = startSimulator({ log: quiet, port: 0, warp: options.warp ?? 1, seed: options.seed ?? 1 });
  const control = async (path: string, body: unknown = {}) => {
    const res = await fetch(`${sim.url}/sim${path}`, { method: "POST", body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const channel = async (login: string) => {
    const state = (await (await fetch(`${sim.url}/sim/state`)).json()) as {
      channels: { login: string; session: { current_sequence: number } | null }[];
    };
    return state.channels.find((c) => c.login === login);
  };
  /** Waits (polling) until the channel's stream has produced segment `sequence`. */
  const until = async (login: string, sequence: number, timeoutMs = 60_000) => {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (((await channel(login))?.session?.current_sequence ?? -1) >= sequence) return;
      await Bun.sleep(50);
    }
    throw new Error(`${login} did not reach segment ${sequence} in ${timeoutMs} ms`);
  };
  const ledger = async (login: string) =>
    (
      (await (await fetch(`${sim.url}/sim/channels/${login}/segments`)).json()) as {
        segments: { sequence: number; kind: "content" | "ad"; listed: boolean; content_id: string }[];
      }
    ).segments;
  return { sim, url: sim.url, control, channel, until, ledger, stop: () => sim.stop() };
}

export interface RecordingRun {
  recording: Recording;
  journal: MemoryJournal;
  storageRoot: string;
  done: ReturnType<Recording["run"]>;
  controller: AbortController;
}

/** Starts recording `login` from the simulator at `url` into a temporary folder. */
export function record(
  url: string,
  login: string,
  options: {
    quality?: Quality;
    settings?: Partial<RecorderSettings>;
    jobId?: string;
    state?: ResumeState;
    root?: string;
    storage?: Storage;
    streamId?: string;
  } = {},
): RecordingRun {
  const root = options.root ?? mkdtempSync(join(tmpdir(), "replayd-rec-"));
  const journal = new MemoryJournal();
  const endpoints = twitchEndpoints({
    client_id: "",
    client_secret: "",
    simulator_url: url,
    helix_url: "",
    oauth_url: "",
    gql_url: "",
    usher_url: "",
  });
  const recording = new Recording(
    {
      jobId: options.jobId ?? "job-1",
      login,
      streamId: options.streamId ?? null,
      baseName: `test-${login}`,
      quality: options.quality ?? "source",
      forceH264: false,
      state: options.state ?? freshState(),
    },
    {
      playback: new PlaybackClient({ endpoints }),
      imagesOrigin: endpoints.images,
      storage: options.storage ?? new LocalStorage(join(root, "storage")),
      scratchRoot: join(root, "scratch"),
      ffmpegPath: "ffmpeg",
      ffprobePath: "ffprobe",
      log: quiet,
      journal,
      settings: { ...DEFAULT_SETTINGS, rejoinPollSeconds: 0.2, maxRestartGapSeconds: 2, ...options.settings },
    },
  );
  const controller = new AbortController();
  return {
    recording,
    journal,
    storageRoot: join(root, "storage"),
    done: recording.run(controller.signal),
    controller,
  };
}
