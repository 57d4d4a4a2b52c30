import { redactUrl } from "../config/load.ts";
import { cached } from "../lib/cached.ts";
import type { FreeSpaceWatch } from "./disk-space-monitor.ts";
import {
  buildHealthReport,
  type Check,
  diskCheck,
  type HealthReport,
  type HostChecks,
  hostProblems,
  recordingsCheck,
} from "./health-report.ts";
import { probeTool, probeWritable } from "./probes.ts";

export interface HealthChecksDeps {
  version: string;
  ffmpegPath: string;
  ffprobePath: string;
  dataDir: string;
  /** The free-space monitor's latest sample (it samples every few seconds on its own). */
  disk: Pick<FreeSpaceWatch, "current">;
  /** Resolves when the database answers (its own budget applies). */
  pingDatabase(): Promise<void>;
  /** Why each paused recording is paused (empty when none is). */
  pausedRecordings?: () => string[];
  /** Whether a Twitch application is set (static: it is config); absent, health does not report it. */
  twitchApp?: Check;
  /** How long spawning the tools and the write probe are reused; default 30 s. */
  cacheMs?: number;
  /** How long `-version` may take; default 3 s. */
  toolTimeoutMs?: number;
}

export const HEALTH_CACHE_MS = 30_000;
export const TOOL_TIMEOUT_MS = 3000;

/**
 * What health reports. The expensive checks (two spawns of `-version`, the write probe) run concurrently
 * and are reused for `cacheMs`, so load-balancer polling stays cheap; the database ping and free space
 * (the monitor's latest sample) are live.
 */
export class HealthChecks {
  readonly #deps: HealthChecksDeps;
  readonly #expensive: () => Promise<Omit<HostChecks, "disk" | "recordings">>;

  constructor(deps: HealthChecksDeps) {
    this.#deps = deps;
    const timeoutMs = deps.toolTimeoutMs ?? TOOL_TIMEOUT_MS;
    this.#expensive = cached(async () => {
      const [ffmpeg, ffprobe, data_dir] = await Promise.all([
        probeTool({
          name: "ffmpeg",
          path: deps.ffmpegPath,
          setting: "FFMPEG_PATH",
          consequence: "recordings cannot start",
          timeoutMs,
        }),
        probeTool({
          name: "ffprobe",
          path: deps.ffprobePath,
          setting: "FFPROBE_PATH",
          consequence: "recordings cannot be finished",
          timeoutMs,
        }),
        probeWritable(deps.dataDir),
      ]);
      return { ffmpeg, ffprobe, data_dir };
    }, deps.cacheMs ?? HEALTH_CACHE_MS);
  }

  /** Everything but the database. */
  async host(): Promise<HostChecks> {
    return {
      ...(await this.#expensive()),
      disk: diskCheck(this.#deps.disk.current()),
      recordings: recordingsCheck(this.#deps.pausedRecordings?.() ?? []),
    };
  }

  /** The full report (the owner's view; `publicHealth` makes the public one). */
  async report(): Promise<HealthReport> {
    const [database, host] = await Promise.all([databaseCheck(this.#deps.pingDatabase), this.host()]);
    return buildHealthReport(this.#deps.version, database, host, this.#deps.twitchApp);
  }

  /** The failing host checks and warnings, with paths, for the start-up log. */
  async problems(): Promise<{ check: keyof HostChecks; message: string }[]> {
    return hostProblems(await this.host());
  }
}

/** Whether the database answers; the error text is for the owner only (it may name the host). */
export async function databaseCheck(pingDatabase: () => Promise<void>): Promise<Check> {
  try {
    await pingDatabase();
    return { ok: true };
  } catch (err) {
    return {
      ok: false,
      message: "the database does not answer (DATABASE_URL)",
      detail: `the database does not answer: ${redactUrl((err as Error).message)} (DATABASE_URL)`,
    };
  }
}

/** The route's view of health: a report, and a database-only one when no host checks are wired. */
export interface HealthSource {
  report(): Promise<HealthReport>;
}

/** Health from the database alone (HTTP apps built without host checks, as in other routes' tests). */
export function databaseOnlyHealth(version: string, pingDatabase: () => Promise<void>): HealthSource {
  return {
    async report() {
      return buildHealthReport(version, await databaseCheck(pingDatabase), null);
    },
  };
}
