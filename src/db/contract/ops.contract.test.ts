import { expect, test } from "bun:test";
import { NotFoundError } from "../../domain/errors.ts";
import { contract } from "./harness.ts";

const MINUTE = 60_000;

contract("tasks", (c) => {
  const definitions = [
    { name: "session_cleanup", description: "Delete expired sessions", interval_seconds: 7200 },
    {
      name: "eventsub_snapshot",
      description: "Quota snapshot",
      interval_seconds: 0,
      enabled_by_default: false,
    },
  ];

  test("registered tasks are due at once; registering again keeps their state", async () => {
    await c.repo.tasks.register(definitions);
    expect((await c.repo.tasks.listDue()).map((t) => t.name)).toEqual(["session_cleanup"]);
    await c.repo.tasks.setEnabled("session_cleanup", false);
    await c.repo.tasks.register([
      { ...definitions[0], description: "Expired sessions", interval_seconds: 60 } as never,
    ]);
    expect(await c.repo.tasks.get("session_cleanup")).toMatchObject({
      is_enabled: false,
      interval_seconds: 60,
      description: "Expired sessions",
    });
    expect((await c.repo.tasks.list()).map((t) => t.name)).toEqual(["eventsub_snapshot", "session_cleanup"]);
  });

  test("a run is scheduled an interval after it ends, unless run-now was asked meanwhile", async () => {
    await c.repo.tasks.register(definitions);
    const started = c.clock.iso();
    expect(await c.repo.tasks.markRunning("session_cleanup")).toMatchObject({
      last_status: "running",
      last_run_at: started,
      next_run_at: null,
    });
    // Running: not due again until it ends, unless its process died (the run outlived the timeout).
    expect(await c.repo.tasks.listDue()).toEqual([]);
    c.clock.advance(11 * MINUTE);
    expect((await c.repo.tasks.listDue()).map((t) => t.name)).toEqual(["session_cleanup"]);
    const ended = c.clock.advance(1500);
    const done = await c.repo.tasks.markFinished("session_cleanup", {
      status: "success",
      duration_ms: 1500.4,
    });
    expect(done).toMatchObject({
      last_status: "success",
      last_duration_ms: 1500,
      last_error: null,
      next_run_at: new Date(Date.parse(ended) + 7200_000).toISOString(),
    });
    await c.repo.tasks.markRunning("session_cleanup");
    const asked = c.clock.advance(MINUTE);
    await c.repo.tasks.requestRun("session_cleanup");
    c.clock.advance(MINUTE);
    const failed = await c.repo.tasks.markFinished("session_cleanup", {
      status: "failed",
      duration_ms: 5,
      error: "boom",
    });
    expect(failed).toMatchObject({ last_status: "failed", last_error: "boom", next_run_at: asked });
    expect((await c.repo.tasks.listDue()).map((t) => t.name)).toEqual(["session_cleanup"]);
  });

  test("claiming a due task starts it once: a second claimer, a disabled or a not-due task gets null", async () => {
    await c.repo.tasks.register(definitions);
    const other = await c.another();
    const [first, second] = await Promise.all([
      c.repo.tasks.claimDue("session_cleanup"),
      other.tasks.claimDue("session_cleanup"),
    ]);
    expect([first, second].filter((t) => t !== null)).toHaveLength(1);
    expect(first ?? second).toMatchObject({
      last_status: "running",
      last_run_at: c.clock.iso(),
      next_run_at: null,
    });
    expect(await c.repo.tasks.claimDue("session_cleanup")).toBeNull();
    await c.repo.tasks.markFinished("session_cleanup", { status: "success", duration_ms: 1 });
    // Finished: not due before its interval has passed, even though nobody runs it.
    expect(await c.repo.tasks.claimDue("session_cleanup")).toBeNull();
    await c.repo.tasks.requestRun("session_cleanup");
    await c.repo.tasks.setEnabled("session_cleanup", false);
    expect(await c.repo.tasks.claimDue("session_cleanup")).toBeNull();
    await c.repo.tasks.setEnabled("session_cleanup", true);
    expect(await c.repo.tasks.claimDue("session_cleanup")).not.toBeNull();
    // A placeholder (interval 0) and an unknown task are never claimed.
    await c.repo.tasks.setEnabled("eventsub_snapshot", true);
    expect(await c.repo.tasks.claimDue("eventsub_snapshot")).toBeNull();
    expect(await c.repo.tasks.claimDue("nope")).toBeNull();
  });

  test("enabling a task without a next run makes it due now; unknown tasks are NotFound", async () => {
    await c.repo.tasks.register([
      { name: "t", description: "", interval_seconds: 60, enabled_by_default: false },
    ]);
    expect(await c.repo.tasks.listDue()).toEqual([]);
    expect((await c.repo.tasks.setEnabled("t", true)).next_run_at).toBe(c.clock.iso());
    expect((await c.repo.tasks.listDue()).map((t) => t.name)).toEqual(["t"]);
    await expect(c.repo.tasks.markRunning("nope")).rejects.toBeInstanceOf(NotFoundError);
    await expect(c.repo.tasks.requestRun("nope")).rejects.toBeInstanceOf(NotFoundError);
  });
});

contract("event and fetch logs", (c) => {
  test("event logs list newest first with filters and totals", async () => {
    await c.repo.eventLogs.append({
      domain: "task",
      event_type: "run_success",
      severity: "info",
      message: "a",
      data: { ms: 5 },
    });
    c.clock.advance(1000);
    await c.repo.eventLogs.append({
      domain: "task",
      event_type: "run_failed",
      severity: "error",
      message: "b",
    });
    c.clock.advance(1000);
    await c.repo.eventLogs.append({
      domain: "eventsub",
      event_type: "revoked",
      severity: "warn",
      message: "c",
      broadcaster_id: "42",
    });
    const page = await c.repo.eventLogs.list({ limit: 2, offset: 0 });
    expect([page.total, page.data.map((e) => e.message)]).toEqual([3, ["c", "b"]]);
    expect(
      (await c.repo.eventLogs.list({ limit: 10, offset: 0, domain: "task" })).data.map((e) => e.message),
    ).toEqual(["b", "a"]);
    const errors = await c.repo.eventLogs.list({ limit: 10, offset: 0, severity: "error" });
    expect([errors.total, errors.data[0]?.data]).toEqual([1, null]);
    // A severity filter keeps that severity and worse.
    const serious = await c.repo.eventLogs.list({ limit: 10, offset: 0, severity: "warn" });
    expect(serious.data.map((e) => e.message)).toEqual(["c", "b"]);
    const channel = await c.repo.eventLogs.list({ limit: 10, offset: 0, broadcaster_id: "42" });
    expect(channel.data.map((e) => [e.message, e.broadcaster_id])).toEqual([["c", "42"]]);
    expect((await c.repo.eventLogs.list({ limit: 10, offset: 2 })).data[0]?.data).toEqual({ ms: 5 });
  });

  test("full-text search finds words, phrases and alternatives, best match first", async () => {
    const log = (message: string, event_type = "note", domain = "system") =>
      c.repo.eventLogs.append({ domain, event_type, severity: "info", message });
    const inMessage = await log("segment fetch failed after retries");
    c.clock.advance(1000);
    const inType = await log("something else happened", "failed");
    c.clock.advance(1000);
    const twice = await log("failed and failed again, then failed once more");
    await log("all good");
    const ranked = await c.repo.eventLogs.search({ query: "failed", limit: 10, offset: 0 });
    expect(ranked.ranked).toBe(true);
    expect(ranked.total).toBe(3);
    // Several hits in the message beat one; a message hit beats an event-type hit.
    expect(ranked.data.map((e) => e.id)).toEqual([twice.id, inMessage.id, inType.id]);
    expect(ranked.data[0]?.rank).toBeGreaterThan(ranked.data[2]?.rank as number);

    const phrase = await c.repo.eventLogs.search({ query: '"fetch failed"', limit: 10, offset: 0 });
    expect(phrase.data.map((e) => e.id)).toEqual([inMessage.id]);
    const both = await c.repo.eventLogs.search({ query: "segment FETCH", limit: 10, offset: 0 });
    expect(both.data.map((e) => e.id)).toEqual([inMessage.id]);
    const either = await c.repo.eventLogs.search({ query: "good or segment", limit: 10, offset: 0 });
    expect(either.total).toBe(2);
    const without = await c.repo.eventLogs.search({ query: "failed -again", limit: 10, offset: 0 });
    expect(without.data.map((e) => e.id).sort()).toEqual([inMessage.id, inType.id].sort());
    expect(await c.repo.eventLogs.search({ query: "!!!", limit: 10, offset: 0 })).toEqual({
      total: 0,
      data: [],
      ranked: true,
    });
    const paged = await c.repo.eventLogs.search({ query: "failed", limit: 1, offset: 1 });
    expect([paged.total, paged.data.map((e) => e.id)]).toEqual([3, [inMessage.id]]);
  });

  test("search follows edits and deletions", async () => {
    await c.repo.eventLogs.append({ domain: "d", event_type: "t", severity: "debug", message: "ephemeral" });
    c.clock.advance(15 * 24 * 3600_000);
    await c.repo.eventLogs.append({
      domain: "d",
      event_type: "t",
      severity: "error",
      message: "ephemeral error",
    });
    const cutoff = new Date(Date.parse(c.clock.iso()) - 14 * 24 * 3600_000).toISOString();
    expect(await c.repo.eventLogs.deleteBefore(cutoff, ["debug", "info"])).toBe(1);
    expect(
      (await c.repo.eventLogs.search({ query: "ephemeral", limit: 10, offset: 0 })).data.map(
        (e) => e.message,
      ),
    ).toEqual(["ephemeral error"]);
  });

  test("fetch logs list newest first by type, and age out", async () => {
    await c.repo.fetchLogs.append({ fetch_type: "GET /streams", status: 200, duration_ms: 12.7 });
    c.clock.advance(1000);
    await c.repo.fetchLogs.append({
      fetch_type: "GET /users",
      status: 401,
      duration_ms: 3,
      error: "unauthorized",
      user_id: "u",
    });
    const all = await c.repo.fetchLogs.list({ limit: 10, offset: 0 });
    expect(all.data.map((l) => [l.fetch_type, l.status, l.duration_ms])).toEqual([
      ["GET /users", 401, 3],
      ["GET /streams", 200, 13],
    ]);
    expect((await c.repo.fetchLogs.list({ limit: 10, offset: 0, fetch_type: "GET /streams" })).total).toBe(1);
    expect(await c.repo.fetchLogs.deleteBefore(c.clock.iso())).toBe(1);
  });
});

contract("server settings", (c) => {
  test("defaults on first read, partial updates, JSON list kept as given", async () => {
    expect(await c.repo.serverSettings.get()).toMatchObject({
      server_mode: null,
      recording_webhook_enabled: false,
      recording_webhook_events: [],
      playback_cache_max_percent: 10,
      schedules_paused: false,
      eventsub_secret: null,
    });
    const updated = await c.repo.serverSettings.update({
      server_mode: "poll",
      recording_webhook_enabled: true,
      recording_webhook_url: "https://hooks.example.com/x",
      recording_webhook_events: ["recording.failed"],
      schedules_paused: true,
    });
    expect(updated).toMatchObject({
      server_mode: "poll",
      recording_webhook_events: ["recording.failed"],
      schedules_paused: true,
      playback_cache_max_percent: 10,
    });
    await expect(c.repo.serverSettings.update({ playback_cache_max_percent: 0 })).rejects.toThrow();
    expect((await c.repo.serverSettings.get()).playback_cache_max_percent).toBe(10);
  });

  test("the EventSub secret is set once: later candidates get the stored one", async () => {
    expect(await c.repo.serverSettings.ensureEventSubSecret("first-secret")).toBe("first-secret");
    expect(await c.repo.serverSettings.ensureEventSubSecret("second-secret")).toBe("first-secret");
    // Replaced only while it is still what the caller read (two instances sealing it at once: one wins).
    await c.repo.serverSettings.replaceEventSubSecret("not-it", "x");
    expect(await c.repo.serverSettings.ensureEventSubSecret("third")).toBe("first-secret");
    await c.repo.serverSettings.replaceEventSubSecret("first-secret", "sealed");
    expect(await c.repo.serverSettings.ensureEventSubSecret("third")).toBe("sealed");
  });
});
