import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningServer, startServer } from "../../src/app.ts";
import { sha256Hex } from "../../src/auth/crypto.ts";
import { bootstrap, type Services } from "../../src/boot/bootstrap.ts";
import { loadConfig } from "../../src/config/load.ts";
import type { ApiTokenScope, Role } from "../../src/domain/users.ts";
import { Exposition } from "../support/prometheus.ts";
import { quiet, simulator } from "../support/recorder.ts";
import { simUserIds, trpc } from "../support/sign-in.ts";
import { until } from "../support/until.ts";

// GET /metrics end to end: replayd's server in process (bootstrap + startServer, as `replayd serve`), the
// simulator on loopback, API tokens as the dashboard makes them, and every answer read by a real Prometheus
// text-format parser.
const sim = simulator({ warp: 4, seed: 61 });
const LOGIN = "metrics_lab";
let server: RunningServer;
let services: Services;
let dataDir: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  await sim.control("/users", { login: LOGIN });
  const dir = mkdtempSync(join(tmpdir(), "replayd-metrics-"));
  dataDir = dir;
  const config = loadConfig({
    cwd: dir,
    env: {
      DATA_DIR: dir,
      TWITCH_SIMULATOR_URL: sim.url,
      HOST: "127.0.0.1",
      PORT: "0",
      SERVER_MODE: "off",
      CHAT_ENABLED: "false",
    },
  });
  const booted = await bootstrap(config, quiet, {
    sessionSecret: "m".repeat(48),
    recorderSettings: { maxRestartGapSeconds: 1, rejoinPollSeconds: 0.2 },
  });
  services = booted.services;
  server = await startServer(booted);
  const owner = await user("900001", "owner");
  const viewer = await user("900002", "viewer");
  for (const scope of ["metrics", "read", "full"] as const) tokens[scope] = await mint(owner, scope);
  tokens.viewerFull = await mint(viewer, "full");
}, 30_000);
afterAll(async () => {
  await server?.stop();
  await sim.stop();
});

async function user(id: string, role: Role): Promise<string> {
  await services.repo.users.upsertOnSignIn({ id, login: `u${id}`, display_name: `U${id}` });
  await services.repo.users.setRole(id, role);
  return id;
}

async function mint(userId: string, scope: ApiTokenScope): Promise<string> {
  const made = await services.auth.createApiToken(userId, { name: `${scope} ${userId}`, scope });
  return made.token;
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const get = (headers: Record<string, string> = {}) => fetch(`${server.url}/metrics`, { headers });

async function scrape(): Promise<Exposition> {
  const res = await get(bearer(tokens.metrics as string));
  expect(res.status).toBe(200);
  return Exposition.parse(await res.text());
}

describe("GET /metrics", () => {
  test("only an owner's token of the metrics or full scope opens it; anything else says what is missing", async () => {
    const anonymous = await get();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
    expect(await anonymous.text()).toContain("needs an API token");
    expect((await get(bearer("rpd_not-a-token"))).status).toBe(401);
    const read = await get(bearer(tokens.read as string));
    expect([read.status, await read.text()]).toEqual([
      403,
      expect.stringContaining("metrics (or full) scope"),
    ]);
    const viewers = await get(bearer(tokens.viewerFull as string));
    expect([viewers.status, await viewers.text()]).toEqual([403, expect.stringContaining("owner")]);
    expect((await get(bearer(tokens.full as string))).status).toBe(200);
    const ok = await get(bearer(tokens.metrics as string));
    expect(ok.headers.get("content-type")).toStartWith("text/plain; version=0.0.4");
    expect(ok.headers.get("cache-control")).toBe("no-store");
    expect(ok.headers.get("server-timing")).toMatch(/^auth;dur=\d+\.\d{3}, render;dur=\d+\.\d{3}$/);

    // The owner's own browser session does not open it: scrapers send a token.
    const raw = randomBytes(32).toString("hex");
    await services.repo.sessions.create({
      hashed_id: sha256Hex(raw),
      user_id: "900001",
      encrypted_tokens: "none",
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const cookie = { cookie: `replayd_session=${raw}` };
    const session = await trpc(server.url, "auth.session", { headers: cookie });
    expect(session.body.result?.data).toMatchObject({ role: "owner", via: "session" });
    expect((await get(cookie)).status).toBe(401);
  });

  test("a recording against the simulator moves the recorder's figures, and HTTP requests are counted by route", async () => {
    const before = await scrape();
    expect(before.value("replayd_recordings_active")).toBe(0);
    await (await get()).body?.cancel();
    const ids = await simUserIds(sim.url);
    const id = ids[LOGIN] as string;
    await services.repo.channels.upsert({
      broadcaster_id: id,
      broadcaster_login: LOGIN,
      broadcaster_name: LOGIN,
    });
    // A small rendition: the simulator renders its media with ffmpeg first.
    await sim.control(`/channels/${LOGIN}/live`, {
      ladder: ["360p30"],
      bitrate_kbps: 300,
      segment_seconds: 1,
    });
    const started = await trpc(server.url, "video.triggerDownload", {
      mutation: true,
      input: { broadcaster_id: id },
      headers: bearer(tokens.full as string),
    });
    expect(started.status).toBe(200);

    const recording = await until("bytes and segments written", async () => {
      const m = await scrape();
      return (
        m.value("replayd_recorded_segments_total") >= 3 && m.value("replayd_recorded_bytes_total") > 0 && m
      );
    });
    expect(recording.value("replayd_recordings_active")).toBe(1);
    expect(recording.value("replayd_recordings_started_total", { resumed: "false" })).toBe(1);
    expect(
      recording.count("replayd_segment_fetch_duration_seconds", { outcome: "ok" }),
    ).toBeGreaterThanOrEqual(3);
    expect(recording.count("replayd_playlist_reload_lag_seconds")).toBeGreaterThanOrEqual(1);
    const route = { route: "/trpc/video.triggerDownload", method: "POST", status: "200" };
    expect(recording.value("replayd_http_requests_total", route)).toBe(1);
    expect(
      recording.value("replayd_http_requests_total", { route: "/metrics", status: "401" }),
    ).toBeGreaterThan(0);

    await sim.control(`/channels/${LOGIN}/ad`, { seconds: 4 });
    await until(
      "the ad skipped",
      async () => (await scrape()).value("replayd_ad_skipped_seconds_total") >= 4,
    );
    await sim.control(`/channels/${LOGIN}/offline`, { end: "endlist" });
    const ended = await until(
      "the recording finished",
      async () => {
        const m = await scrape();
        return m.value("replayd_recordings_active") === 0 && m;
      },
      40_000,
    );
    expect(ended.value("replayd_recordings_finished_total", { outcome: "finished" })).toBe(1);
    // The bytes counted are the part file's, less the index written when it was finished.
    const written = readdirSync(join(dataDir, "videos"))
      .filter((f) => f.endsWith(".mp4"))
      .reduce((n, f) => n + statSync(join(dataDir, "videos", f)).size, 0);
    const counted = ended.value("replayd_recorded_bytes_total");
    expect(counted).toBeLessThanOrEqual(written);
    expect(counted).toBeGreaterThan(written * 0.95);
  }, 60_000);

  test("a maintenance task run is counted by task and outcome", async () => {
    const runs = (m: Exposition) => m.value("replayd_task_runs_total", { task: "session_cleanup" });
    const before = runs(await scrape());
    const asked = await trpc(server.url, "task.runNow", {
      mutation: true,
      input: { name: "session_cleanup" },
      headers: bearer(tokens.full as string),
    });
    expect(asked.status).toBe(200);
    await until("the task's run counted", async () => runs(await scrape()) > before);
  });

  test("the database's and the host's figures: deliveries by kind and status, free disk, CPU, memory", async () => {
    const m = await scrape();
    expect(m.family("replayd_deliveries").data).toHaveLength(10);
    expect(m.value("replayd_disk_free_bytes")).toBeGreaterThan(0);
    expect(m.value("replayd_process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(m.value("replayd_process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(Object.keys(m.families).every((name) => name.startsWith("replayd_"))).toBe(true);
  });

  test("the Grafana dashboard (docs/grafana/replayd.json) uses only names /metrics exposes", async () => {
    const text = readFileSync(join(import.meta.dir, "..", "..", "docs", "grafana", "replayd.json"), "utf8");
    const dashboard = JSON.parse(text) as { panels: { targets?: { expr: string }[] }[] };
    const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);
    expect(exprs.length).toBeGreaterThan(15);
    // Every query reads replayd's metrics; every name anywhere in the file (queries, variables) is exposed.
    for (const expr of exprs) expect(expr).toMatch(/\breplayd_\w+/);
    const used = new Set(text.match(/\breplayd_\w+/g));
    const exposed = (await scrape()).seriesNames();
    expect([...used].filter((name) => !exposed.has(name))).toEqual([]);
    // And the dashboard shows every metric replayd has (a new one gets a panel).
    const families = Object.keys((await scrape()).families);
    const shown = (name: string) => [...used].some((u) => u === name || u.startsWith(`${name}_`));
    expect(families.filter((name) => !shown(name))).toEqual([]);
  });
});
