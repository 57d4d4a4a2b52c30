import { Counter, Histogram, Registry } from "./exposition.ts";

/**
 * The metrics that events move (counters and histograms), on one registry per service (two replayd
 * instances in one process, as in tests, do not share figures). The gauges read
 * at scrape time are added by `MetricsService`. Every name starts with `replayd_`; docs/grafana/replayd.json
 * is built on exactly these names.
 */
export function createMetricSet() {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    recordingsStarted: new Counter({
      name: "replayd_recordings_started_total",
      help: "Recordings started by this process; resumed=true for those picked up after a restart.",
      labelNames: ["resumed"] as const,
      registers,
    }),
    recordingsFinished: new Counter({
      name: "replayd_recordings_finished_total",
      help: "Recordings that ended, by outcome (finished, failed, cancelled).",
      labelNames: ["outcome"] as const,
      registers,
    }),
    bytes: new Counter({
      name: "replayd_recorded_bytes_total",
      help: "Bytes written into recordings' part files by this process.",
      registers,
    }),
    segments: new Counter({
      name: "replayd_recorded_segments_total",
      help: "Content segments written into recordings.",
      registers,
    }),
    missed: new Counter({
      name: "replayd_missed_segments_total",
      help: "Segments lost: gone from Twitch's window before they were fetched, failed, or unreadable.",
      registers,
    }),
    adSeconds: new Counter({
      name: "replayd_ad_skipped_seconds_total",
      help: "Seconds of stitched ads skipped (not recorded).",
      registers,
    }),
    fetchSeconds: new Histogram({
      name: "replayd_segment_fetch_duration_seconds",
      help: "Time to fetch one content segment, retries included, by outcome (ok, or why it was given up).",
      labelNames: ["outcome"] as const,
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    reloadLag: new Histogram({
      name: "replayd_playlist_reload_lag_seconds",
      help: "How late each media playlist reload's answer came: from when it was due to its answer.",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    taskRuns: new Counter({
      name: "replayd_task_runs_total",
      help: "Maintenance task runs, by task and outcome (success, failed, skipped).",
      labelNames: ["task", "outcome"] as const,
      registers,
    }),
    httpRequests: new Counter({
      name: "replayd_http_requests_total",
      help: "HTTP requests answered, by route pattern (tRPC: by procedure), method and status.",
      labelNames: ["route", "method", "status"] as const,
      registers,
    }),
    httpSeconds: new Histogram({
      name: "replayd_http_request_duration_seconds",
      help: "Time to answer an HTTP request (until the response starts: streamed bodies go on after), by route.",
      labelNames: ["route"] as const,
      // Few buckets: this histogram has a series per route, and every bucket is a line of every scrape.
      buckets: [0.0025, 0.01, 0.05, 0.25, 1, 5],
      registers,
    }),
  };
}

export type MetricSet = ReturnType<typeof createMetricSet>;
