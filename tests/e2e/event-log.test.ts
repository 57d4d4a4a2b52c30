import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { buildDashboard, dashboardIsStale } from "../../scripts/dashboard.ts";
import type { EventLog } from "../../src/domain/ops.ts";
import { launchBrowser } from "../support/browser.ts";
import { prepareDataFolder } from "../support/data-folder.ts";
import { freePort } from "../support/ports.ts";
import { simulator } from "../support/recorder.ts";
import { RECORD_EVERYTHING } from "../support/schedule-rule.ts";
import { CookieJar, signIn, simUserIds, startReplayd, trpc } from "../support/sign-in.ts";
import { readSse } from "../support/sse.ts";
import { until } from "../support/until.ts";

// "Why didn't it record?" answered: four channels go live on the simulator (direct mode, EventSub), one
// with no schedule, one under its schedule's viewer threshold, one recorded to the end, one whose
// recording fails (a sub-only stream, no service account). Each explanation is read as the dashboard gets
// it, from the `system.events` subscription, and from the Logs page in Chromium.

const sim = simulator({ warp: 1, seed: 21 });
let app: Awaited<ReturnType<typeof startReplayd>> | undefined;
let browser: Browser | undefined;
const jar = new CookieJar();
const seen: EventLog[] = [];
const stopFeed = new AbortController();
let ids: Record<string, string> = {};

const LOGINS = ["code_garden", "speedrun_sam", "kitchen_lab", "night_owl_music"];
const STREAM = { segment_seconds: 1, ladder: ["360p30"], bitrate_kbps: 300 };
const rule = (over: Record<string, unknown> = {}) => ({ ...RECORD_EVERYTHING, ...over });

async function call<T>(path: string, input?: unknown, mutation = false): Promise<T> {
  const { body } = await trpc(app?.url ?? "", path, { jar, input, mutation });
  if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
  return body.result.data as T;
}

/** What the `system.events` subscription has sent about a channel. */
const about = (login: string) => seen.filter((e) => e.broadcaster_id === ids[login]);
const entry = (login: string, domain: string, type: string) =>
  about(login).find((e) => e.domain === domain && e.event_type === type);

beforeAll(async () => {
  if (dashboardIsStale()) await buildDashboard();
  const cwd = mkdtempSync(join(tmpdir(), "replayd-event-log-"));
  // A recording ends a second after its broadcast (no comeback awaited).
  writeFileSync(join(cwd, "config.toml"), "[recorder]\nmax_restart_gap_seconds = 1\n");
  await prepareDataFolder(sim.url, join(cwd, "data"), LOGINS);
  const port = freePort();
  app = await startReplayd(
    sim.url,
    { PORT: String(port), SERVER_MODE: "direct", PUBLIC_BASE_URL: `http://127.0.0.1:${port}` },
    { cwd },
  );
  await signIn(app.url, jar, "sim_viewer");
  ids = await simUserIds(sim.url);
  // Every go-live reaches replayd over EventSub: wait for the subscriptions to be there.
  await until(
    "EventSub subscribed to every channel",
    async () =>
      (
        await call<{ data: { status: string }[] }>("eventsub.listSubscriptions", { limit: 50, offset: 0 })
      ).data.filter((s) => s.status === "enabled").length >=
      LOGINS.length * 2,
    30_000,
  );
  // The dashboard's feed of the event log, from now on.
  void (async () => {
    for await (const event of readSse(`${app?.url}/trpc/system.events`, {
      headers: { cookie: jar.header() },
      signal: stopFeed.signal,
    })) {
      if (event.data && (event.event === null || event.event === "message"))
        seen.push(JSON.parse(event.data));
    }
  })().catch(() => {});
  await call(
    "schedule.create",
    { broadcaster_id: ids.speedrun_sam, rule: rule({ has_min_viewers: true, min_viewers: 50 }) },
    true,
  );
  await call("schedule.create", { broadcaster_id: ids.kitchen_lab, rule: rule() }, true);
  await call("schedule.create", { broadcaster_id: ids.night_owl_music, rule: rule() }, true);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  stopFeed.abort();
  await browser?.close();
  await app?.stop();
  await sim.stop();
});

test("each go-live says why it was or was not recorded, on the live feed and on the Logs page", async () => {
  await sim.control("/channels/code_garden/live", STREAM);
  await sim.control("/channels/speedrun_sam/live", { ...STREAM, viewers: 12 });
  await sim.control("/channels/kitchen_lab/live", { ...STREAM, title: "Sourdough, hour one" });
  await sim.control("/channels/night_owl_music/live", { ...STREAM, restriction: "subscriber" });

  // No rule matched: no schedule at all, and a schedule whose viewer threshold the stream is under.
  await until(
    "code_garden explained",
    async () => entry("code_garden", "live", "not_recorded") !== undefined,
    30_000,
  );
  await until(
    "speedrun_sam explained",
    async () => entry("speedrun_sam", "live", "not_recorded") !== undefined,
    30_000,
  );
  expect(entry("code_garden", "live", "not_recorded")).toMatchObject({
    severity: "info",
    data: { reason: "no_schedule" },
  });
  expect(entry("code_garden", "live", "not_recorded")?.message).toMatch(
    /not recorded: no schedule for this channel/,
  );
  expect(entry("speedrun_sam", "live", "not_recorded")?.message).toMatch(
    /not recorded: viewers 12 < 50 \(schedule #\d+\)/,
  );
  // Each went live first, with its title: the same feed says what happened, in order.
  expect(entry("speedrun_sam", "live", "online")?.data).toMatchObject({ broadcaster_login: "speedrun_sam" });

  // Recorded: started by its schedule, a part opened with its rendition; it ends with the broadcast.
  await until(
    "kitchen_lab recording",
    async () => entry("kitchen_lab", "recording", "part_opened") !== undefined,
    30_000,
  );
  expect(entry("kitchen_lab", "recording", "started")?.message).toMatch(
    /recording started by schedule #\d+ \(source\)/,
  );
  expect(entry("kitchen_lab", "recording", "part_opened")?.message).toMatch(
    /part 1 opened \(360p30\): the recording started/,
  );
  expect(entry("kitchen_lab", "live", "not_recorded")).toBeUndefined();
  await sim.until("kitchen_lab", 6);
  await sim.control("/channels/kitchen_lab/offline", { end: "endlist" });
  await until(
    "kitchen_lab finished",
    async () => entry("kitchen_lab", "recording", "finished") !== undefined,
    60_000,
  );
  expect(entry("kitchen_lab", "recording", "part_closed")?.message).toMatch(
    /part 1 closed \(\d+ s, [\d.]+ MiB\): the broadcast ended/,
  );

  // Failed: Twitch refuses the sub-only stream to an anonymous viewer; the reason says what to do.
  await until(
    "night_owl_music failed",
    async () => entry("night_owl_music", "recording", "failed") !== undefined,
    60_000,
  );
  expect(entry("night_owl_music", "recording", "failed")).toMatchObject({ severity: "error" });
  expect(entry("night_owl_music", "recording", "failed")?.message).toMatch(
    /recording failed: .*sub-only stream/,
  );

  // The same answers on the Logs page, in a browser.
  const context = await (browser as Browser).newContext({ locale: "en-US" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  try {
    await page.goto(`${app?.url}/api/v1/auth/twitch?login=sim_viewer`);
    await page.locator("main#main h1").waitFor({ timeout: 10_000 });
    await page.goto(`${app?.url}/system/logs?domain=live`);
    const rows = page.getByTestId("event-log-row");
    await rows.filter({ hasText: "no schedule for this channel" }).first().waitFor({ timeout: 15_000 });
    await rows
      .filter({ hasText: /viewers 12 < 50/ })
      .first()
      .waitFor();
    await page.goto(`${app?.url}/system/logs?domain=recording`);
    await rows
      .filter({ hasText: /recording failed: .*sub-only stream/ })
      .first()
      .waitFor({ timeout: 15_000 });
    await rows.filter({ hasText: "recording finished" }).first().waitFor();
    // Routine task runs (debug) are not among them unless asked for.
    await page.goto(`${app?.url}/system/logs`);
    await rows.first().waitFor();
    expect(await page.locator('[data-testid="event-log-row"][data-severity="debug"]').count()).toBe(0);
    // A channel's page lists its own last events.
    await page.goto(`${app?.url}/channels/${ids.speedrun_sam}`);
    await page
      .getByTestId("channel-events")
      .getByText(/viewers 12 < 50/)
      .waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
}, 180_000);
