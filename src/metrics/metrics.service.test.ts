import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FreshDatabase, freshDatabase } from "../../tests/support/databases.ts";
import { Exposition } from "../../tests/support/prometheus.ts";
import { quiet } from "../../tests/support/recorder.ts";
import { until } from "../../tests/support/until.ts";
import { Bus } from "../bus/bus.ts";
import { createRepository, type Repository } from "../db/repository.ts";
import type { RecorderEvents } from "../recorder/events.ts";
import { DiskSpaceMonitor } from "../system/disk-space-monitor.ts";
import type { TaskEvents } from "../tasks/events.ts";
import { deliveryRows } from "./gauges.ts";
import { MetricsService } from "./metrics.service.ts";

type Events = RecorderEvents & TaskEvents;

let database: FreshDatabase;
let repo: Repository;
let disk: DiskSpaceMonitor;
let bus: Bus<Events>;
const warnings: string[] = [];

beforeEach(async () => {
  database = await freshDatabase("sqlite");
  repo = createRepository(await database.open());
  disk = new DiskSpaceMonitor({
    path: mkdtempSync(join(tmpdir(), "replayd-metrics-")),
    settings: { minFreeBytes: 1024, minFreePercent: 5 },
    log: quiet,
  });
  bus = new Bus<Events>();
  warnings.length = 0;
});
afterEach(async () => {
  disk.stop();
  await database.dispose();
});

function service(options: { active?: number; storedTtlMs?: number } = {}) {
  return new MetricsService({
    bus,
    activeRecordings: () => options.active ?? 0,
    disk,
    store: repo.metrics,
    version: "9.9.9",
    log: { warn: (_: unknown, message: string) => warnings.push(message) } as never,
    storedTtlMs: options.storedTtlMs ?? 0,
  });
}

const scrape = async (metrics: MetricsService) => Exposition.parse(await metrics.render());

const started = (job: string, resumed = false): RecorderEvents["recording.started"] => ({
  job_id: job,
  video_id: 1,
  broadcaster_id: "1",
  login: "a",
  display_name: "A",
  title: "t",
  quality: "source",
  schedule_id: null,
  resumed,
});
const progress = (job: string, bytes: number, gaps: number): RecorderEvents["recording.progress"] => ({
  job_id: job,
  video_id: 1,
  stage: "recording",
  reason: null,
  bytes,
  segments: 0,
  gaps,
  adSegments: 0,
  mediaSeconds: 0,
  bytesPerSecond: 0,
  variant: "1080p60",
});
const placed = (recorded: boolean, seconds: number, skipped?: "ad" | "fetch_failed") => ({
  job_id: "j",
  video_id: 1,
  broadcastAtMs: 0,
  seconds,
  atSeconds: 0,
  recorded,
  ...(skipped ? { skipped } : {}),
});

describe("MetricsService", () => {
  test("a recording's events move the recorder's counters", async () => {
    const metrics = service({ active: 1 });
    bus.emit("recording.started", started("j"));
    bus.emit("recording.progress", progress("j", 1000, 0));
    for (let i = 0; i < 3; i++) bus.emit("recording.placed", placed(true, 2));
    bus.emit("recording.placed", placed(false, 2, "ad"));
    bus.emit("recording.placed", placed(false, 1.5, "ad"));
    bus.emit("recording.placed", placed(false, 2, "fetch_failed"));
    bus.emit("recording.progress", progress("j", 3000, 2));
    bus.emit("recording.finished", {
      job_id: "j",
      outcome: "failed",
      broadcaster_id: "1",
      video_id: 1,
      error: "x",
      partial: false,
    });
    const m = await scrape(metrics);
    expect({
      active: m.value("replayd_recordings_active"),
      started: m.value("replayd_recordings_started_total", { resumed: "false" }),
      failed: m.value("replayd_recordings_finished_total", { outcome: "failed" }),
      bytes: m.value("replayd_recorded_bytes_total"),
      segments: m.value("replayd_recorded_segments_total"),
      missed: m.value("replayd_missed_segments_total"),
      ads: m.value("replayd_ad_skipped_seconds_total"),
    }).toEqual({ active: 1, started: 1, failed: 1, bytes: 3000, segments: 3, missed: 2, ads: 3.5 });
  });

  test("a resumed recording counts only what this process wrote", async () => {
    const metrics = service();
    bus.emit("recording.started", started("r", true));
    bus.emit("recording.progress", progress("r", 50_000, 4));
    bus.emit("recording.progress", progress("r", 52_000, 4));
    const m = await scrape(metrics);
    expect([m.value("replayd_recorded_bytes_total"), m.value("replayd_missed_segments_total")]).toEqual([
      2000, 0,
    ]);
    expect(m.value("replayd_recordings_started_total", { resumed: "true" })).toBe(1);
  });

  test("task runs by task and outcome; a run starting is not a run", async () => {
    const metrics = service();
    const run = (name: string, status: TaskEvents["task.status"]["status"]) =>
      bus.emit("task.status", { name, status, duration_ms: 1, error: null, next_run_at: null, at: "" });
    run("video_removal", "running");
    run("video_removal", "success");
    run("video_removal", "success");
    run("eventsub_reconcile", "failed");
    const m = await scrape(metrics);
    expect(m.value("replayd_task_runs_total", { task: "video_removal", outcome: "success" })).toBe(2);
    expect(m.value("replayd_task_runs_total", { task: "eventsub_reconcile", outcome: "failed" })).toBe(1);
    expect(m.family("replayd_task_runs_total").data).toHaveLength(2);
  });

  test("the recorder's and HTTP's ports fill their histograms", async () => {
    const metrics = service();
    metrics.recorder.segmentFetched(120, "ok");
    metrics.recorder.segmentFetched(30_000, "exhausted");
    metrics.recorder.playlistReloaded(40);
    metrics.http.request("/trpc/video.listPage", "GET", 200, 0.004);
    metrics.http.request("/api/v1/health", "GET", 503, 0.002);
    const m = await scrape(metrics);
    expect(m.count("replayd_segment_fetch_duration_seconds", { outcome: "ok" })).toBe(1);
    expect(m.count("replayd_segment_fetch_duration_seconds")).toBe(2);
    expect(m.count("replayd_playlist_reload_lag_seconds")).toBe(1);
    expect(
      m.value("replayd_http_requests_total", { route: "/api/v1/health", method: "GET", status: "503" }),
    ).toBe(1);
    expect(m.count("replayd_http_request_duration_seconds", { route: "/trpc/video.listPage" })).toBe(1);
  });

  test("deliveries and EventSub subscriptions come from the database, read at most once per TTL", async () => {
    const cachedMetrics = service({ storedTtlMs: 60_000 });
    const freshMetrics = service();
    const before = await scrape(cachedMetrics);
    expect(before.value("replayd_deliveries", { kind: "notification", status: "failed" })).toBe(0);
    await repo.webhookDeliveries.enqueue({
      message_id: "m",
      dedupe_key: "k",
      event: "recording.test",
      video_id: null,
      test: true,
    });
    await repo.eventsub.saveSubscription({
      id: "s",
      status: "enabled",
      type: "stream.online",
      version: "1",
      cost: 1,
      condition: { broadcaster_user_id: "1" },
      transport_method: "webhook",
      transport_callback: "https://example.com/cb",
      twitch_created_at: "2026-11-28T11:59:59.000Z",
    });
    const pending = { kind: "recording_webhook", status: "pending" };
    expect((await scrape(cachedMetrics)).value("replayd_deliveries", pending)).toBe(0);
    const m = await scrape(freshMetrics);
    expect(m.value("replayd_deliveries", pending)).toBe(1);
    expect(m.family("replayd_deliveries").data).toHaveLength(10);
    expect(m.value("replayd_eventsub_subscriptions", { status: "enabled" })).toBe(1);
    expect(m.value("replayd_eventsub_subscription_cost", { status: "enabled" })).toBe(1);
    // Older than the TTL: a scrape serves what it has and refreshes behind it, never waiting on the database.
    await repo.webhookDeliveries.enqueue({
      message_id: "m2",
      dedupe_key: "k2",
      event: "recording.test",
      video_id: null,
      test: true,
    });
    expect((await scrape(freshMetrics)).value("replayd_deliveries", pending)).toBe(1);
    await until(
      "the refreshed count",
      async () => (await scrape(freshMetrics)).value("replayd_deliveries", pending) === 2,
    );
  });

  test("a database that does not answer leaves its gauges out, logged; the rest still scrapes", async () => {
    const metrics = service();
    await database.dispose();
    const m = await scrape(metrics);
    expect(m.family("replayd_deliveries").data).toHaveLength(0);
    expect(warnings).toContain("metrics: the database's counts could not be read");
    expect(m.value("replayd_build_info", { version: "9.9.9" })).toBe(1);
  });

  test("the host: free disk of the data folder, CPU time and resident memory of the process", async () => {
    const m = await scrape(service());
    expect(m.value("replayd_disk_free_bytes")).toBeGreaterThan(0);
    expect(m.value("replayd_disk_total_bytes")).toBeGreaterThanOrEqual(m.value("replayd_disk_free_bytes"));
    expect(m.value("replayd_disk_floor_bytes")).toBeGreaterThanOrEqual(1024);
    expect(m.value("replayd_process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(m.value("replayd_process_resident_memory_bytes")).toBeGreaterThan(10 * 1024 * 1024);
  });

  test("stop() unsubscribes from the bus", async () => {
    const metrics = service();
    metrics.stop();
    expect(bus.listenerCount("recording.placed")).toBe(0);
    bus.emit("recording.placed", placed(true, 2));
    expect((await scrape(metrics)).value("replayd_recorded_segments_total")).toBe(0);
  });
});

describe("deliveryRows", () => {
  test.each([
    ["nothing counted: every kind and status at zero", [], 10, 0],
    [
      "counted ones keep their count",
      [{ kind: "notification" as const, status: "failed" as const, count: 3 }],
      10,
      3,
    ],
  ])("%s", (_, counts, rows, failedNotifications) => {
    const out = deliveryRows(counts);
    expect(out).toHaveLength(rows);
    expect(out.find((r) => r.kind === "notification" && r.status === "failed")?.count).toBe(
      failedNotifications,
    );
  });
});
