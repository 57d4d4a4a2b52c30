import type { Logger } from "../log/logger.ts";
import {
  type DiskUsage,
  diskUsage,
  diskUsageSync,
  type FreeSpaceSettings,
  type FreeSpaceVerdict,
  freeSpaceVerdict,
} from "./disk-space.ts";

/** `unknown`: the last sample failed (its `message` says why); nothing is known about free space. */
export type DiskLevel = FreeSpaceVerdict["level"] | "unknown";

interface SampleBase {
  /** The folder watched (the data folder). */
  path: string;
  checkedAt: Date;
}

/** One look at the data folder's filesystem. */
export type DiskSample =
  | (FreeSpaceVerdict & SampleBase)
  | (SampleBase & {
      level: "unknown";
      /** Without paths: "cannot measure free space on the data folder's disk: EACCES". */
      message: string;
      /** The system's own error text (it may name the path). */
      error: string;
      freeBytes: null;
      totalBytes: null;
      floorBytes: null;
      warnBytes: null;
    });

export type DiskLevelListener = (sample: DiskSample, previous: DiskSample) => void;

/**
 * What the recorder (and health) need from the monitor, and nothing else: the latest sample, a fresh one
 * on demand (before a recording starts), and level changes.
 */
export interface FreeSpaceWatch {
  /** The latest sample; never empty (the first is taken when the monitor is built). */
  current(): DiskSample;
  /** Samples now; concurrent calls share one sample. Never rejects: a failure is an `unknown` sample. */
  check(): Promise<DiskSample>;
  /** Called when the level changes (ok → low → full → ok, or to/from unknown); returns the unsubscribe. */
  subscribe(listener: DiskLevelListener): () => void;
}

export interface DiskSpaceMonitorOptions {
  /** The folder whose filesystem is watched: the data folder. */
  path: string;
  settings: FreeSpaceSettings;
  /** Between two samples; default 2 s. */
  intervalMs?: number;
  log: Pick<Logger, "info" | "warn">;
}

export const DEFAULT_DISK_INTERVAL_MS = 2000;

/**
 * Samples the data folder's filesystem every `intervalMs` (the next sample is scheduled when the last one
 * ended, so a hung network filesystem does not pile samples up). The timer is unref'd: it never keeps a
 * process alive, but `stop()` belongs in every shutdown.
 */
export class DiskSpaceMonitor implements FreeSpaceWatch {
  readonly #path: string;
  readonly #settings: FreeSpaceSettings;
  readonly #intervalMs: number;
  readonly #log: Pick<Logger, "info" | "warn">;
  readonly #listeners = new Set<DiskLevelListener>();
  #latest: DiskSample;
  #inflight: Promise<DiskSample> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: DiskSpaceMonitorOptions) {
    this.#path = options.path;
    this.#settings = options.settings;
    this.#intervalMs = options.intervalMs ?? DEFAULT_DISK_INTERVAL_MS;
    this.#log = options.log;
    this.#latest = this.#sampleSync();
    this.#schedule();
  }

  current(): DiskSample {
    return this.#latest;
  }

  check(): Promise<DiskSample> {
    this.#inflight ??= this.#sample().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  subscribe(listener: DiskLevelListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Stops sampling; idempotent. `check()` still samples on demand. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.check().then(() => this.#schedule());
    }, this.#intervalMs);
    this.#timer.unref?.();
  }

  #sampleSync(): DiskSample {
    try {
      return this.#verdict(diskUsageSync(this.#path), undefined);
    } catch (err) {
      return this.#failure(err);
    }
  }

  async #sample(): Promise<DiskSample> {
    let next: DiskSample;
    try {
      next = this.#verdict(await diskUsage(this.#path), this.#latest.level);
    } catch (err) {
      next = this.#failure(err);
    }
    this.#update(next);
    return next;
  }

  #verdict(usage: DiskUsage, previous: DiskLevel | undefined): DiskSample {
    const measured = previous === "unknown" ? undefined : previous;
    return { ...freeSpaceVerdict(usage, this.#settings, measured), path: this.#path, checkedAt: new Date() };
  }

  #failure(err: unknown): DiskSample {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    return {
      level: "unknown",
      message: `cannot measure free space on the data folder's disk: ${code} (DATA_DIR)`,
      error: err instanceof Error ? err.message : String(err),
      freeBytes: null,
      totalBytes: null,
      floorBytes: null,
      warnBytes: null,
      path: this.#path,
      checkedAt: new Date(),
    };
  }

  #update(next: DiskSample): void {
    const previous = this.#latest;
    this.#latest = next;
    if (next.level === previous.level) return;
    this.#logChange(next, previous);
    for (const listener of this.#listeners) {
      try {
        listener(next, previous);
      } catch (err) {
        this.#log.warn({ err }, "a free-space listener failed");
      }
    }
  }

  #logChange(next: DiskSample, previous: DiskSample): void {
    // Not `level`: that key is the log line's own severity.
    const fields = { disk_level: next.level, previous_level: previous.level, free_bytes: next.freeBytes };
    if (next.level === "ok") this.#log.info(fields, next.message);
    else if (next.level === "unknown") this.#log.warn({ ...fields, err: next.error }, next.message);
    else this.#log.warn(fields, next.message);
  }
}
