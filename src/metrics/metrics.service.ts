import type { EventBus } from "../bus/bus.ts";
import type { MetricsRepository } from "../db/repos/metrics.repo.ts";
import type { Logger } from "../log/logger.ts";
import type { RecorderEvents } from "../recorder/events.ts";
import type { RecorderMetrics } from "../recorder/recorder-metrics.ts";
import type { TaskEvents } from "../tasks/events.ts";
import { type GaugeSources, registerGauges, type StoredFigures } from "./gauges.ts";
import { createMetricSet, type MetricSet } from "./metric-set.ts";
import { ProgressTally } from "./progress-tally.ts";

/** What the HTTP layer reports of each request it answered. */
export interface HttpRequestMetrics {
  /** `route` is a bounded name (a route pattern or a tRPC procedure), never a raw path. */
  request(route: string, method: string, status: number, seconds: number): void;
}

export interface MetricsDeps extends Omit<GaugeSources, "stored"> {
  bus: Pick<EventBus<RecorderEvents & TaskEvents>, "on">;
  store: Pick<MetricsRepository, "deliveryCounts" | "subscriptionCounts">;
  log: Pick<Logger, "warn">;
  /** How old the database's counts may get before a scrape refreshes them (in the background); 5 s. */
  storedTtlMs?: number;
}

/**
 * replayd's Prometheus metrics: counters and histograms moved by the bus's recorder and task events and by
 * the recorder's and HTTP layer's ports, gauges read when scraped. `render()` is the text GET /metrics serves.
 */
export class MetricsService {
  readonly contentType: string;
  /** Given to the recorder: segment fetch times and playlist reload lag. */
  readonly recorder: RecorderMetrics;
  /** Given to the HTTP app: each request answered. */
  readonly http: HttpRequestMetrics;
  readonly #set: MetricSet;
  readonly #stored: StoredCounts;
  readonly #unsubscribe: (() => void)[];

  constructor(deps: MetricsDeps) {
    const set = createMetricSet();
    this.#set = set;
    this.contentType = set.registry.contentType;
    this.#stored = new StoredCounts(deps);
    registerGauges(set.registry, { ...deps, stored: () => this.#stored.latest() });
    this.#unsubscribe = followEvents(deps.bus, set);
    this.recorder = {
      segmentFetched: (ms, outcome) => set.fetchSeconds.observe({ outcome }, ms / 1000),
      playlistReloaded: (lagMs) => set.reloadLag.observe(Math.max(0, lagMs) / 1000),
    };
    this.http = {
      request: (route, method, status, seconds) => {
        set.httpRequests.inc({ route, method, status: String(status) });
        set.httpSeconds.observe({ route }, seconds);
      },
    };
  }

  /**
   * The Prometheus text exposition of every metric, written in one go (nothing else runs meanwhile); only
   * the first scrape waits, for the database's counts.
   */
  async render(): Promise<string> {
    if (!this.#stored.read) await this.#stored.refresh();
    return this.#set.registry.render();
  }

  /** Stops following the bus (the counters keep their values). */
  stop(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
  }
}

/**
 * The database's counts for the scrape: the last ones read, refreshed in the background once they are older
 * than the TTL, so a scrape never waits on the database (its statements queue behind the recordings'
 * writes) but the first one. Null (logged) while the database does not answer.
 */
class StoredCounts {
  #last: { at: number; figures: StoredFigures | null } | undefined;
  #reading: Promise<void> | undefined;

  constructor(private readonly deps: MetricsDeps) {}

  get read(): boolean {
    return this.#last !== undefined;
  }

  latest(): StoredFigures | null {
    const last = this.#last;
    if (last && performance.now() - last.at >= (this.deps.storedTtlMs ?? 5000)) void this.refresh();
    return last?.figures ?? null;
  }

  refresh(): Promise<void> {
    const at = performance.now();
    const { store, log } = this.deps;
    this.#reading ??= Promise.all([store.deliveryCounts(), store.subscriptionCounts()])
      .then(([deliveries, subscriptions]) => ({ deliveries, subscriptions }))
      .catch((err: Error) => {
        log.warn({ err: err.message }, "metrics: the database's counts could not be read");
        return null;
      })
      .then((figures) => {
        this.#last = { at, figures };
        this.#reading = undefined;
      });
    return this.#reading;
  }
}

/** The recorder's and the scheduler's events, turned into counters; returns the unsubscribes. */
function followEvents(bus: MetricsDeps["bus"], set: MetricSet): (() => void)[] {
  const tally = new ProgressTally();
  return [
    bus.on("recording.started", (e) => {
      tally.started(e.job_id, e.resumed);
      set.recordingsStarted.inc({ resumed: String(e.resumed) });
    }),
    bus.on("recording.progress", (e) => {
      const added = tally.progressed(e.job_id, { bytes: e.bytes, missed: e.gaps });
      if (added.bytes > 0) set.bytes.inc(added.bytes);
      if (added.missed > 0) set.missed.inc(added.missed);
    }),
    bus.on("recording.placed", (e) => {
      if (e.recorded) set.segments.inc();
      else if (e.skipped === "ad") set.adSeconds.inc(e.seconds);
    }),
    bus.on("recording.finished", (e) => {
      tally.finished(e.job_id);
      set.recordingsFinished.inc({ outcome: e.outcome });
    }),
    bus.on("task.status", (e) => {
      if (e.status === "success" || e.status === "failed" || e.status === "skipped")
        set.taskRuns.inc({ task: e.name, outcome: e.status });
    }),
  ];
}
