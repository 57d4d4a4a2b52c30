import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildDashboard, dashboardIsStale } from "../../scripts/dashboard.ts";
import { launchBrowser } from "../support/browser.ts";
import { prepareDataFolder } from "../support/data-folder.ts";
import { freePort } from "../support/ports.ts";
import { simulator } from "../support/recorder.ts";
import { CookieJar, signIn, simUserIds, startReplayd, trpc } from "../support/sign-in.ts";
import { until } from "../support/until.ts";

// The dashboard against a server with live data (direct mode, the simulator): three recordings running, one
// of them audio only, then one cancelled; EventSub subscriptions; the maintenance tasks' first runs. What
// Home counts while recordings run, System's overview, and every main page in French with no English label.

// The root tsconfig has no DOM library: the few browser shapes the page functions below use.
declare const document: { querySelector(selector: string): { innerText: string } | null };

const sim = simulator({ warp: 1, seed: 73 });
let app: Awaited<ReturnType<typeof startReplayd>> | undefined;
let browser: Browser | undefined;
const jar = new CookieJar();
/** Videos by channel login, and the job of each running recording. */
const videos: Record<string, { video_id: number; job_id: string }> = {};

async function call<T>(path: string, input?: unknown, mutation = false): Promise<T> {
  const { body } = await trpc(app?.url ?? "", path, { jar, input, mutation });
  if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
  return body.result.data as T;
}

interface Progress {
  job_id: string;
  video_id: number;
  segments_done: number;
  bytes_written: number;
}
interface Listed {
  items: { id: number; status: string; size_bytes: number | null; completion_kind: string }[];
}

beforeAll(async () => {
  if (dashboardIsStale()) await buildDashboard();
  const cwd = mkdtempSync(join(tmpdir(), "replayd-live-data-"));
  // A long rejoin window: the recordings keep running until the test cancels one.
  writeFileSync(join(cwd, "config.toml"), "[recorder]\nmax_restart_gap_seconds = 600\n");
  const logins = ["kitchen_lab", "speedrun_sam", "night_owl_music"];
  await prepareDataFolder(sim.url, join(cwd, "data"), logins);
  const port = freePort();
  app = await startReplayd(
    sim.url,
    { PORT: String(port), SERVER_MODE: "direct", PUBLIC_BASE_URL: `http://127.0.0.1:${port}` },
    { cwd },
  );
  await signIn(app.url, jar, "sim_viewer");
  const ids = await simUserIds(sim.url);
  for (const login of logins) {
    await sim.control(`/channels/${login}/live`, {
      segment_seconds: 1,
      ladder: ["360p30", "audio_only"],
      bitrate_kbps: 300,
    });
    const audio = login === "night_owl_music";
    videos[login] = await call(
      "video.triggerDownload",
      {
        broadcaster_id: ids[login],
        ...(audio ? { recording_type: "audio", quality: "audio_only" } : {}),
      },
      true,
    );
  }
  await until(
    "three recordings with media",
    async () =>
      (await call<Progress[]>("video.activeDownloads")).filter((p) => p.segments_done >= 3).length === 3,
    60_000,
  );
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sim.stop();
});

/** A browser signed in as the owner, in `language` (the choice the language menu stores). */
async function signedIn(
  language: "en" | "fr",
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  if (!browser || !app) throw new Error("not started");
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: language === "fr" ? "fr-FR" : "en-US",
  });
  await context.addInitScript(`localStorage.setItem("replayd:language", ${JSON.stringify(language)})`);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  await page.goto(`${app.url}/api/v1/auth/twitch?login=sim_viewer`);
  await page.locator("main#main h1").waitFor({ timeout: 10_000 });
  return { context, page, errors };
}

/** The clock in a text ("Recorded so far 1:05" → 65, "1:02:05" → 3725); NaN without one. */
function clockSeconds(text: string | null): number {
  const clock = /(\d+:)?\d+:\d\d/.exec(text ?? "")?.[0];
  return clock ? clock.split(":").reduce((total, part) => total * 60 + Number(part), 0) : Number.NaN;
}

describe("Home while recordings run", () => {
  test("storage used and time recorded count the recordings in progress; a running video is as long on Home as in the library", async () => {
    // No recording has finished a part yet: every video's own row is still empty.
    const listed = await call<Listed>("video.listPage", { limit: 10 });
    expect(listed.items.map((v) => [v.status, v.size_bytes])).toEqual([
      ["RUNNING", null],
      ["RUNNING", null],
      ["RUNNING", null],
    ]);
    const { context, page, errors } = await signedIn("en");
    try {
      const size = page.getByTestId("stat-size").locator("dd");
      await until("the statistics", async () => ((await size.textContent()) ?? "–") !== "–");
      // What the recordings wrote so far, not the empty rows: "1.2 MB", never "0 B".
      expect(await size.textContent()).toMatch(/^[\d.,]+\s(KB|MB)$/);
      expect(await page.getByTestId("stat-duration").locator("dd").textContent()).toMatch(/^(\d+m )?\d+s$/);
      expect(await page.getByTestId("stat-duration").locator("dd").textContent()).not.toBe("0s");
      expect(await page.getByTestId("stat-channels").textContent()).toBe("Channels recorded3");

      // kitchen_lab's video: Home's running row and the library's card say the same length.
      const id = videos.kitchen_lab?.video_id;
      const clock = page
        .locator(`[data-testid="running-download"][data-video="${id}"]`)
        .getByTestId("recorded-clock");
      const atHome = clockSeconds(await clock.textContent());
      const readAt = Date.now();
      await page.goto(`${app?.url}/videos`);
      const length = page
        .locator(`[data-testid="video-card"][data-video="${id}"]`)
        .getByTestId("video-length");
      await length.waitFor();
      const inLibrary = clockSeconds(await length.textContent());
      const elapsed = (Date.now() - readAt) / 1000;
      expect(atHome).toBeGreaterThan(0);
      expect(inLibrary).toBeGreaterThanOrEqual(atHome - 1);
      expect(inLibrary).toBeLessThanOrEqual(atHome + elapsed + 2);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});

describe("System's overview", () => {
  test("/system sums up health, live detection, the EventSub quota, tasks and storage, with a link to every System page", async () => {
    const { context, page, errors } = await signedIn("en");
    try {
      await page.getByTestId("system-nav").last().getByRole("link", { name: "Overview" }).click();
      await page.waitForURL(`${app?.url}/system`);
      await page.getByRole("heading", { name: "System", level: 1 }).waitFor();
      const section = (id: string) => page.getByTestId(`overview-${id}`);
      await section("health").getByText("Every check passes.").waitFor();
      expect(await section("health-status").getAttribute("data-status")).toBe("ok");
      expect(await section("live").getByTestId("overview-live-mode").getAttribute("data-mode")).toBe(
        "direct",
      );
      // The quota from a snapshot that counts the subscriptions (the boot's, or one taken since).
      const cost = section("quota").getByTestId("quota-cost");
      await until("the quota", async () => /^Cost [1-9]\d* of 10,000/.test((await cost.textContent()) ?? ""));
      expect(await section("quota").textContent()).toMatch(/\d+ subscriptions · Snapshot of /);
      await section("tasks").getByText("All well").waitFor();
      expect(await section("tasks").textContent()).toContain("14 tasks");
      // Storage: what the recordings take (in progress included) and the disk.
      expect(await section("storage").getByTestId("overview-library-size").textContent()).toMatch(
        /^[\d.,]+\s(KB|MB)$/,
      );
      expect(await section("storage").textContent()).toMatch(/Free[\d.,]+\s[KMGT]?B of /);
      // Every System page, each link going where it says.
      const pages = section("pages").getByRole("link");
      expect(await pages.count()).toBe(10); // health, EventSub, webhook, notifications, tasks, logs, users, whitelist, playback, service account
      await section("tasks").getByRole("link", { name: "Open Tasks" }).click();
      await page.waitForURL(`${app?.url}/system/tasks`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});

/**
 * Words and units that are English only: any of them on a French page is an English label (ours or the
 * server's) that escaped translation. Chosen not to match the simulator's titles, categories and channel
 * names, nor technical names shown as they are (settings, EventSub, ffmpeg).
 */
const ENGLISH: RegExp[] = [
  /\bcancell?ed\b/i,
  /\brecordings?\b/i,
  /\brunning\b/i,
  /\bfinished\b/i,
  /\bsucceeded\b/i,
  /\bfailed\b/i,
  /\bpending\b/i,
  /\benabled\b/i,
  /\bverification\b/i,
  /\baudio[_ ]only\b/i,
  /\bsubscriptions?\b/i,
  /\bsnapshots?\b/i,
  /\b(delete|drop|fetch|make|record) (the|twitch|expired|recordings|debug|box|finished)\b/i,
  /\b(storage|channels|tasks?|health)\b/i,
  /\b(degraded|unhealthy)\b/i,
  /\bago\b/i,
  /\bseconds?\b/i,
  /\d\s?[KMGT]B\b/,
  /\d\s?B\b/,
  /\bKB\/s\b/,
  /\b\d+m\b/,
  /\d\.\d+\s?[KMGT]?o\b/,
];

/** The main content's text, less what is English on purpose: the server's own words (`lang="en"`) and code. */
async function frenchText(page: Page): Promise<string> {
  // Hidden while read, so innerText keeps the page's line and cell breaks between words.
  const hide = await page.addStyleTag({
    content: 'main [lang="en"], main code { display: none !important; }',
  });
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, with breaks between cells and lines.
  const text = await page.evaluate(() => document.querySelector("main#main")?.innerText ?? "");
  await hide.evaluate((style) => (style as unknown as { remove(): void }).remove());
  return text;
}

describe("French pages", () => {
  test("show no English label or unit, the server's included", async () => {
    // A finished recording too: speedrun_sam is cancelled (it keeps what it recorded).
    await call("video.cancel", { job_id: videos.speedrun_sam?.job_id }, true);
    const cancelled = videos.speedrun_sam?.video_id;
    await until("the cancelled recording", async () => {
      const video = await call<{ status: string; completion_kind: string }>("video.getById", {
        id: cancelled,
      });
      return video.status === "DONE" && video.completion_kind === "cancelled";
    });
    const running = videos.night_owl_music?.video_id;
    // Each page, and what shows that its data is in.
    const pages: [string, string][] = [
      ["/", '[data-testid="running-download"]'],
      ["/videos", '[data-testid="video-card"]'],
      ["/downloads", '[data-testid="running-download"]'],
      ["/channels", "main h1"],
      ["/categories", "main h1"],
      ["/schedules", "main h1"],
      [`/watch/${cancelled}`, "main h1"],
      [`/watch/${running}`, "main h1"],
      ["/system", '[data-testid="overview-pages"]'],
      ["/system/eventsub", '[data-testid="subscription-row"]'],
      ["/system/tasks", '[data-testid="task-row"]'],
      ["/system/health", '[data-testid="health-checks"]'],
      ["/system/logs", '[data-testid="event-log-row"]'],
      ["/system/webhook", "main h1"],
      ["/system/users", "main h1"],
      ["/settings", "main h1"],
    ];
    const { context, page, errors } = await signedIn("fr");
    try {
      const found: { path: string; english: string[] }[] = [];
      for (const [path, ready] of pages) {
        await page.goto(`${app?.url}${path}`);
        await page.locator(ready).first().waitFor({ timeout: 15_000 });
        // Every query answered: no "Loading…" left in any card.
        await until(`${path} loaded`, async () => (await page.getByText("Chargement…").count()) === 0);
        const text = await frenchText(page);
        const english = ENGLISH.flatMap((word) => text.match(new RegExp(word, `${word.flags}g`)) ?? []);
        found.push({ path, english: [...new Set(english)] });
      }
      expect(found.filter((p) => p.english.length > 0)).toEqual([]);
      // And the pages do show the data in French: the audio-only rendition, units, statuses, the cancelled one.
      await page.goto(`${app?.url}/downloads`);
      await page.getByTestId("running-download").first().waitFor();
      const downloads = await frenchText(page);
      expect(downloads).toContain("Audio seul");
      expect(downloads).toMatch(/\d(,\d)?\s(o|Ko|Mo)\/s/);
      await page.goto(`${app?.url}/videos`);
      await page
        .locator(`[data-testid="video-card"][data-video="${cancelled}"]`)
        .getByText("Annulé")
        .waitFor();
      await page.goto(`${app?.url}/system/eventsub`);
      await page.locator('[data-testid="subscription-row"][data-status="enabled"]').first().waitFor();
      expect(await frenchText(page)).toContain("Actif");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
