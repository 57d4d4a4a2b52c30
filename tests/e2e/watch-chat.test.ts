import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildDashboard, dashboardIsStale } from "../../scripts/dashboard.ts";
import type { PlacedChatLine } from "../../src/domain/chat.ts";
import { formatIrcLine } from "../../src/twitch/irc/message.ts";
import { launchBrowser } from "../support/browser.ts";
import { CHAT_T0, chatLine } from "../support/chat-lines.ts";
import {
  horizontalOverflow,
  LANGUAGES,
  overflowingElements,
  screenshotDir,
  sidewaysScrollers,
  VIEWPORTS,
} from "../support/dashboard-pages.ts";
import { prepareDataFolder } from "../support/data-folder.ts";
import { simulator } from "../support/recorder.ts";
import { CookieJar, signIn, simUserIds, startReplayd, trpc } from "../support/sign-in.ts";
import { twitchDownloaderChat } from "../support/twitchdownloader-chat.ts";
import { until } from "../support/until.ts";

// The watch page's chat in Chromium against the real server: a recording made from the simulator (four
// parts on one timeline), its chat seeded through the repository (capture is not on this branch: the
// lines are what it would store, spread along the video's real duration, with every kind the panel draws,
// a gap, and a 300 lines/s flood). Playing shows each line once the player's time on the timeline reaches
// it and never before; a seek back shows the earlier lines and not the later ones; a search hit seeks the
// player to its line; the toggle is remembered; the downloads load. Screenshots at 1280 and 360 px in
// English and French, light and dark. Prints how long after its time each line appeared.

const CHANNEL = "kitchen_lab";
/** The unique word of one line, found by the search. */
const SECRET = "zanzibar";
/** Lines that must appear no later than this (video seconds at 2× speed) after their offset. */
const LAG = 1.5;
const GAP = { offset: 20, duration: 12 };
/** A stretch of 300 lines a second: more than the panel keeps in the page. */
const FLOOD = { from: 38, seconds: 8, perSecond: 300 };

// The root tsconfig has no DOM library: the shapes the page functions below use.
interface Node {
  dataset: Record<string, string | undefined>;
  textContent: string | null;
  querySelector(selector: string): Node | null;
  querySelectorAll(selector: string): Iterable<Node>;
}
interface PlayerElement extends Node {
  currentTime: number;
  seeking: boolean;
  readyState: number;
  paused: boolean;
  playbackRate: number;
}
interface Probe {
  checked: number;
  ahead: { t: number; offset: number }[];
  missing: { t: number; offset: number }[];
  /** When each line first appeared while playing on (lines first shown by a jump are left out). */
  firstSeen: Record<string, number>;
  seen: Record<string, true>;
  maxLines: number;
}
interface Canvas {
  width: number;
  height: number;
  getContext(kind: "2d"): {
    fillStyle: string;
    clearRect(x: number, y: number, w: number, h: number): void;
    fillRect(x: number, y: number, w: number, h: number): void;
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  };
}
declare const document: {
  querySelector(selector: string): PlayerElement | null;
  querySelectorAll(selector: string): Iterable<Node>;
  createElement(tag: "canvas"): Canvas;
};
declare const window: { chatProbe: Probe };
declare function requestAnimationFrame(callback: () => void): number;
declare function getComputedStyle(el: Node): {
  color: string;
  backgroundColor: string;
  fontStyle: string;
  textDecorationLine: string;
};
declare const performance: { now(): number };

const sim = simulator({ warp: 4, seed: 47 });
let app: Awaited<ReturnType<typeof startReplayd>> | undefined;
let browser: Browser | undefined;
let videoId = 0;
let broadcasterId = "";
/** Where each part starts on the timeline (index: part number − 1), and the whole length. */
let starts: number[] = [];
let total = 0;
/** The plain lines (not the flood), with their row ids, in timeline order. */
let plain: { id: number; offset: number; text: string }[] = [];

/** A viewer's line as capture stores it (the IRC line whole), at `offset` seconds. */
function row(n: number, offset: number, over: Parameters<typeof chatLine>[2] = {}): PlacedChatLine {
  return chatLine(n, Math.round(offset * 1000), {
    msg_id: `m-${n}`,
    user_id: String(1000 + (n % 7)),
    user_login: `viewer${n % 7}`,
    display_name: `Viewer${n % 7}`,
    // Blue is hard to read on the dark theme, yellow on the light one: both are made readable.
    color: n % 2 ? "#0000FF" : "#FFFF00",
    text: `line ${n}`,
    badges: n % 3 === 0 ? [{ set_id: "moderator", version: "1" }] : [{ set_id: "subscriber", version: "12" }],
    ...over,
  });
}

/** A moderator's 600 s timeout of viewer6 (CLEARCHAT), at `offset` seconds. */
function timeout(offset: number): PlacedChatLine {
  const sent = CHAT_T0 + Math.round(offset * 1000);
  return {
    msg_id: "timeout-viewer6",
    kind: "timeout",
    sent_at_ms: sent,
    offset_ms: Math.round(offset * 1000),
    user_id: "1006",
    user_login: "viewer6",
    display_name: "viewer6",
    text: "",
    deleted: false,
    raw: formatIrcLine({
      tags: { "ban-duration": "600", "room-id": "1", "target-user-id": "1006", "tmi-sent-ts": String(sent) },
      prefix: "tmi.twitch.tv",
      command: "CLEARCHAT",
      params: ["#channel", "viewer6"],
    }),
  };
}

/** Every kind the panel draws, a second apart from 3 s, then a line a second (none in the gap). */
function seedRows(duration: number): PlacedChatLine[] {
  const special: PlacedChatLine[] = [
    row(9001, 3.2, {
      kind: "resub",
      system_text: "Viewer1 subscribed at Tier 1. They've subscribed for 12 months!",
      text: "a year already",
    }),
    row(9002, 4.1, { action: true, text: "dances" }),
    row(9003, 5.3, { bits: 100, text: "Cheer100 take my bits" }),
    row(9004, 6.4, {
      text: "@Viewer2 agreed",
      reply: { msg_id: "m-2", user_login: "viewer2", display_name: "Viewer2", text: "line 2" },
    }),
    // An emoji before the emote: positions count it once (code points).
    row(9005, 7.5, { text: "😀 Kappa hi", emotes: [{ id: "25", begin: 2, end: 6 }] }),
    row(9006, 8.6, { text: "something rude", deleted: true }),
    timeout(9.7),
    row(9008, GAP.offset + GAP.duration + 4.3, { text: `the secret word is ${SECRET}` }),
  ];
  const lines: PlacedChatLine[] = [];
  for (let i = 0; i + 0.5 < duration; i++) {
    const offset = i + 0.5;
    if (offset >= GAP.offset && offset < GAP.offset + GAP.duration) continue;
    if (offset >= FLOOD.from && offset < FLOOD.from + FLOOD.seconds) continue;
    lines.push(row(i, offset));
  }
  for (let i = 0; i < FLOOD.seconds * FLOOD.perSecond; i++)
    lines.push(row(20_000 + i, FLOOD.from + i / FLOOD.perSecond, { text: `flood ${i}` }));
  return [...lines, ...special].sort((a, b) => a.offset_ms - b.offset_ms);
}

beforeAll(async () => {
  if (dashboardIsStale()) await buildDashboard();
  const cwd = mkdtempSync(join(tmpdir(), "replayd-watch-chat-"));
  const dataDir = join(cwd, "data");
  mkdirSync(dataDir);
  // Parts of 16 s: the chat follows the one timeline across them. Chat capture off: the lines are seeded.
  writeFileSync(
    join(cwd, "config.toml"),
    "[recorder]\nmax_restart_gap_seconds = 1\nmax_part_seconds = 16\n\n[chat]\nenabled = false\n",
  );
  await prepareDataFolder(sim.url, dataDir, [CHANNEL]);
  app = await startReplayd(sim.url, {}, { cwd });
  const jar = new CookieJar();
  await signIn(app.url, jar, "sim_viewer");
  await sim.control(`/channels/${CHANNEL}/live`, {
    segment_seconds: 1,
    ladder: ["360p30"],
    bitrate_kbps: 300,
    window_segments: 30,
  });
  const ids = await simUserIds(sim.url);
  broadcasterId = ids[CHANNEL] as string;
  const started = await trpc(app.url, "video.triggerDownload", {
    jar,
    mutation: true,
    input: { broadcaster_id: ids[CHANNEL] },
  });
  const startedVideo = started.body.result?.data as { video_id: number } | undefined;
  if (!startedVideo) throw new Error(`the recording did not start: ${JSON.stringify(started.body)}`);
  videoId = startedVideo.video_id;
  const repo = app.repo;
  // Four parts: the timeline is longer than the flood's end.
  await until("a fourth part", async () => (await repo.recordings.listParts(videoId)).length >= 4, 60_000);
  await sim.control(`/channels/${CHANNEL}/offline`, { end: "endlist" });
  const done = await until(
    "the recording to finish",
    async () => {
      const video = await repo.videos.getById(videoId);
      return video?.status === "DONE" && video;
    },
    60_000,
  );
  const parts = [...done.parts].sort((a, b) => a.part_index - b.part_index);
  starts = parts.map((_, i) => parts.slice(0, i).reduce((sum, p) => sum + p.duration_seconds, 0));
  total = parts.reduce((sum, p) => sum + p.duration_seconds, 0);
  expect(total).toBeGreaterThan(FLOOD.from + FLOOD.seconds + 1);

  const rows = seedRows(total);
  expect(await repo.chat.insertMessages(videoId, rows)).toBe(rows.length);
  await repo.chat.addGap(videoId, {
    reason: "reconnect",
    started_at: "2026-01-01T12:00:20.000Z",
    ended_at: "2026-01-01T12:00:32.000Z",
    offset_ms: GAP.offset * 1000,
    duration_ms: GAP.duration * 1000,
  });
  for await (const batch of repo.chat.exportBatches(videoId, 1000))
    for (const m of batch)
      if (!m.text.startsWith("flood")) plain.push({ id: m.id, offset: m.offset_ms / 1000, text: m.text });
  plain = plain.sort((a, b) => a.offset - b.offset);
  browser = await launchBrowser();
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sim.stop();
});

/**
 * Watches the page every frame: the player's time on the timeline (its part's start + currentTime), each
 * chat line shown and when it first was, any shown before its time, and any plain line left out a while
 * after its time (not in the flood, which pushes older lines out of the panel). Frames while the player
 * seeks or loads a part are not judged; nor, for what is missing, the second after a jump.
 */
async function watchChat(page: Page) {
  await page.evaluate(
    ({ starts, plain, lag, floodFrom }) => {
      const probe: Probe = { checked: 0, ahead: [], missing: [], firstSeen: {}, seen: {}, maxLines: 0 };
      window.chatProbe = probe;
      let last = -1;
      let settledAt = 0;
      const tick = () => {
        const v = document.querySelector("[data-testid=player]");
        const list = document.querySelector("[data-testid=chat-lines]");
        if (v && list && !v.seeking && v.readyState >= 2) {
          const t = (starts[Number(v.dataset.part ?? "1") - 1] ?? 0) + v.currentTime;
          if (Math.abs(t - last) > 1) settledAt = performance.now() + 1000;
          last = t;
          const shown = new Set<number>();
          let count = 0;
          for (const el of list.querySelectorAll("[data-testid=chat-line]")) {
            const offset = Number(el.dataset.offset);
            const id = Number(el.dataset.id);
            shown.add(id);
            count++;
            if (offset > t + 0.05) probe.ahead.push({ t, offset });
            if (!(id in probe.seen)) {
              probe.seen[id] = true;
              if (performance.now() > settledAt) probe.firstSeen[id] = t;
            }
          }
          probe.maxLines = Math.max(probe.maxLines, count);
          if (performance.now() > settledAt && t < floodFrom)
            for (const line of plain)
              if (line.offset <= t - lag && line.offset >= t - 10 && !shown.has(line.id))
                probe.missing.push({ t, offset: line.offset });
          probe.checked++;
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    { starts, plain, lag: LAG, floodFrom: FLOOD.from },
  );
}

/** The player's time on the timeline, once it is not seeking or loading. */
async function timelineTime(page: Page): Promise<{ t: number; paused: boolean } | null> {
  return page.evaluate((starts) => {
    const v = document.querySelector("[data-testid=player]");
    if (!v || v.seeking || v.readyState < 2) return null;
    return { t: (starts[Number(v.dataset.part ?? "1") - 1] ?? 0) + v.currentTime, paused: v.paused };
  }, starts);
}

async function playingPast(page: Page, seconds: number, timeoutMs = 30_000) {
  return until(
    `playback past ${seconds.toFixed(1)} s`,
    async () => {
      const now = await timelineTime(page);
      return now && !now.paused && now.t > seconds ? now : null;
    },
    timeoutMs,
  );
}

/** The offsets of the chat lines shown, with the player's time, read together. */
async function shownNow(page: Page) {
  return page.evaluate((starts) => {
    const v = document.querySelector("[data-testid=player]");
    const t = v ? (starts[Number(v.dataset.part ?? "1") - 1] ?? 0) + v.currentTime : 0;
    const offsets = [...document.querySelectorAll("[data-testid=chat-line]")].map((el) =>
      Number(el.dataset.offset),
    );
    return { t, offsets };
  }, starts);
}

async function signedInPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  await page.goto(`${app?.url}/api/v1/auth/twitch`);
  await page.locator("main#main h1").waitFor({ timeout: 10_000 });
  return { page, errors };
}

/**
 * The account's language, from the user menu (the browser's picks it at the first sign-in only, and the
 * tests share the account).
 */
async function chooseLanguage(page: Page, language: "en" | "fr"): Promise<void> {
  await page.getByRole("button", { name: /^(Account menu for|Menu du compte de) SimViewer$/ }).click();
  await page.getByRole("menuitemradio", { name: language === "fr" ? "Français" : "English" }).click();
  await page.keyboard.press("Escape");
}

describe("chat beside the player, in Chromium", () => {
  test("lines appear as playback reaches them, a seek back shows the earlier ones, a search hit seeks the player", async () => {
    if (!browser || !app) throw new Error("not started");
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
    try {
      const { page, errors } = await signedInPage(context);
      await page.goto(`${app.url}/watch/${videoId}?t=0`);
      const panel = page.getByTestId("chat-panel");
      await panel.waitFor();
      // At 0:00 nothing has been said yet.
      await panel.getByText("No chat yet at this point of the video.").waitFor();
      const count = plain.length + FLOOD.seconds * FLOOD.perSecond;
      await panel.getByText(`${count.toLocaleString("en-US")} messages`).waitFor();

      // 1. Playing (at 2×, across the first part boundary): each line shows once the time reaches it.
      await page.waitForFunction(
        () => (document.querySelector("[data-testid=player]")?.readyState ?? 0) >= 1,
      );
      await watchChat(page);
      await page.locator("body").press("k");
      await page.evaluate(() => {
        const v = document.querySelector("[data-testid=player]");
        if (v) v.playbackRate = 2;
      });
      await playingPast(page, (starts[1] ?? 16) + 2);
      // The kinds, each as it should look (all before the part boundary).
      const line = (text: string) => panel.getByTestId("chat-line").filter({ hasText: text });
      await expect(line("a year already").textContent()).resolves.toContain("subscribed for 12 months");
      expect(
        await line("dances").evaluate(
          (el) => getComputedStyle(el.querySelector("span.italic") ?? el).fontStyle,
        ),
      ).toBe("italic");
      expect(await line("take my bits").textContent()).toContain("100 bits");
      expect(await line("@Viewer2 agreed").textContent()).toContain("Replying to @Viewer2: line 2");
      const emote = line("😀").locator("img[data-emote='25']");
      expect(await emote.getAttribute("alt")).toBe("Kappa");
      expect(await emote.getAttribute("src")).toContain("/emoticons/v2/25/default/light/1.0");
      const deleted = line("something rude");
      expect(await deleted.getAttribute("data-deleted")).toBe("true");
      expect(await deleted.textContent()).toContain("(deleted)");
      expect(await line("was timed out").textContent()).toContain("viewer6 was timed out for 600 s");
      expect(await line("line 3").first().textContent()).toContain("mod");
      expect(await line("line 4").first().textContent()).toContain("sub 12");

      // 2. Through the gap: it says so once playback reaches it.
      await playingPast(page, GAP.offset + 1);
      await panel
        .getByTestId("chat-gap")
        .getByText("Chat not captured for 12 s (Twitch asked to reconnect)")
        .waitFor();

      // 3. A seek back 20 s (two presses of ←): the earlier lines, none of the later ones.
      const before = await playingPast(page, GAP.offset + 3);
      let landed = before;
      for (const back of [5, 15]) {
        // One press at a time: each lands before the next (the player seeks from where it is).
        await page.locator("body").press("ArrowLeft");
        landed = await until(`the seek back past ${back} s`, async () => {
          const now = await timelineTime(page);
          return now && now.t < before.t - back ? now : null;
        });
      }
      const earlier = plain.filter((l) => l.offset <= landed.t - 0.5).at(-1);
      if (!earlier) throw new Error("no line before the seek's time");
      await panel.locator(`[data-testid=chat-line][data-id="${earlier.id}"]`).waitFor({ timeout: 5_000 });
      const afterSeek = await shownNow(page);
      expect(afterSeek.offsets.length).toBeGreaterThan(0);
      expect(Math.max(...afterSeek.offsets)).toBeLessThanOrEqual(afterSeek.t + 0.05);
      expect(afterSeek.offsets.some((o) => o >= GAP.offset)).toBe(false);
      await panel.getByTestId("chat-gap").waitFor({ state: "detached" });

      // 4. Search: a unique word; its hit seeks the player there, and the panel shows that line.
      await panel.getByTestId("chat-search-open").click();
      await panel.getByRole("searchbox", { name: "Search this video's chat" }).fill(SECRET);
      const hits = panel.getByTestId("chat-search-hit");
      await hits.first().waitFor();
      expect(await hits.count()).toBe(1);
      const secret = plain.find((l) => l.text.includes(SECRET));
      if (!secret) throw new Error("the secret line was not seeded");
      expect(await hits.first().textContent()).toContain(`0:00:${Math.floor(secret.offset)}`);
      await hits.first().click();
      const jumped = await until("the player at the hit", async () => {
        const now = await timelineTime(page);
        return now && Math.abs(now.t - secret.offset) <= 1 ? now : null;
      });
      expect(Math.abs(jumped.t - secret.offset)).toBeLessThanOrEqual(1);
      const highlighted = panel.locator(`[data-testid=chat-line][data-id="${secret.id}"]`);
      await highlighted.waitFor();
      expect(await highlighted.getAttribute("data-highlighted")).toBe("true");

      // 5. Into the flood (300 lines a second): the panel keeps at most 200 lines in the page and stays
      // at the newest, unless the viewer scrolls up.
      await playingPast(page, FLOOD.from + 3);
      const flood = await shownNow(page);
      expect(flood.offsets.length).toBeLessThanOrEqual(200);
      expect(Math.max(...flood.offsets)).toBeGreaterThan(flood.t - 1);
      // Scrolled up to read, the list holds still while lines keep coming; "Jump to latest" goes back.
      const list = panel.getByTestId("chat-lines");
      await list.evaluate((el) => {
        el.scrollTop = 0;
      });
      const jump = panel.getByRole("button", { name: "Jump to latest" });
      await jump.waitFor();
      const held = await shownNow(page);
      await playingPast(page, held.t + 1.5);
      const later = await shownNow(page);
      expect(later.offsets).toEqual(held.offsets);
      await jump.click();
      await jump.waitFor({ state: "detached" });
      const latest = await shownNow(page);
      expect(Math.max(...latest.offsets)).toBeGreaterThan(later.offsets.at(-1) ?? 0);
      expect(Math.max(...latest.offsets)).toBeGreaterThan(latest.t - 1);
      await page.locator("body").press("k");

      const probe = await page.evaluate(() => window.chatProbe);
      expect(probe.checked).toBeGreaterThan(100);
      expect(probe.ahead).toEqual([]);
      expect(probe.missing.slice(0, 5)).toEqual([]);
      expect(probe.maxLines).toBeLessThanOrEqual(200);
      // How far past its time each plain line first appeared, while playing on (not right after a jump).
      const lags = plain
        .filter((l) => String(l.id) in probe.firstSeen && l.offset < FLOOD.from)
        .map((l) => (probe.firstSeen[String(l.id)] as number) - l.offset)
        .filter((lag) => lag < 5)
        .sort((a, b) => a - b);
      const median = lags[Math.floor(lags.length / 2)] ?? Number.NaN;
      console.log(
        `watch-chat e2e: ${probe.checked} frames checked, ${lags.length} lines seen appearing at 2× speed: ` +
          `median ${median.toFixed(2)} s after their time (max ${(lags.at(-1) ?? Number.NaN).toFixed(2)} s), ` +
          `none before it; at most ${probe.maxLines} lines in the page during a ${FLOOD.perSecond}/s flood`,
      );
      expect(lags.length).toBeGreaterThan(15);
      expect(lags.at(-1)).toBeLessThan(LAG);

      // 6. The downloads: TwitchDownloader's JSON (every line but the deleted one and the timeout, which
      // its format has no place for), and text.
      const jsonHref = await panel.getByRole("link", { name: "JSON" }).getAttribute("href");
      expect(jsonHref).toBe(`/api/v1/videos/${videoId}/chat?format=json`);
      const json = await page.request.get(`${app.url}${jsonHref}`);
      expect(json.status()).toBe(200);
      const exported = twitchDownloaderChat.parse(await json.json());
      expect(exported.comments.length).toBe(plain.length + FLOOD.seconds * FLOOD.perSecond - 2);
      const textHref = await panel.getByRole("link", { name: "Text" }).getAttribute("href");
      const text = await page.request.get(`${app.url}${textHref}`);
      expect(text.status()).toBe(200);
      expect(await text.text()).toContain(SECRET);

      // 7. Hidden, it stays hidden on the next visit; shown again, it is back.
      await page.getByTestId("chat-toggle").click();
      await panel.waitFor({ state: "detached" });
      await page.reload();
      await page.getByTestId("watch-page").waitFor();
      expect(await page.getByTestId("watch-page").getAttribute("data-chat")).toBe("hidden");
      expect(await panel.count()).toBe(0);
      await page.getByTestId("chat-toggle").click();
      await panel.waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  test("the page with chat at 1280 and 360 px, in English and French, light and dark: nothing sideways, names readable", async () => {
    if (!browser || !app) throw new Error("not started");
    const overflows: string[] = [];
    const unreadable: string[] = [];
    for (const { language, locale } of LANGUAGES) {
      for (const scheme of ["light", "dark"] as const) {
        const context = await browser.newContext({
          viewport: { width: 1280, height: 800 },
          locale,
          colorScheme: scheme,
        });
        try {
          const { page, errors } = await signedInPage(context);
          await chooseLanguage(page, language);
          // At 12 s: every kind of line is on screen.
          await page.goto(`${app.url}/watch/${videoId}?t=12`);
          await page.getByTestId("chat-line").filter({ hasText: "a year already" }).waitFor();
          for (const viewport of VIEWPORTS) {
            await page.setViewportSize({ width: viewport.width, height: viewport.height });
            await page.getByTestId("chat-line").filter({ hasText: "dances" }).waitFor();
            const name = `watch-chat-${language}-${scheme}-${viewport.label}`;
            await page.screenshot({ path: join(screenshotDir(), `${name}.png`), fullPage: true });
            if (viewport.width <= 400) {
              const overflow = await horizontalOverflow(page);
              if (overflow > 0)
                overflows.push(`${name}: ${overflow}px (${(await overflowingElements(page)).join(", ")})`);
              const strips = await sidewaysScrollers(page);
              if (strips.length > 0) overflows.push(`${name}: ${strips.join(", ")}`);
            }
          }
          // Every name against the panel's background: WCAG's 4.5:1 for text.
          const ratios = await page.evaluate(() => {
            // Computed colours may be oklch(): a canvas turns any CSS colour into sRGB bytes.
            const canvas = document.createElement("canvas");
            canvas.width = 1;
            canvas.height = 1;
            const ctx = canvas.getContext("2d");
            const lum = (css: string) => {
              ctx.clearRect(0, 0, 1, 1);
              ctx.fillStyle = "#000";
              ctx.fillStyle = css;
              ctx.fillRect(0, 0, 1, 1);
              const [r, g, b] = [...ctx.getImageData(0, 0, 1, 1).data].slice(0, 3).map((c) => {
                const s = c / 255;
                return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
              });
              return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
            };
            const panel = document.querySelector("[data-testid=chat-panel]");
            const background = lum(panel ? getComputedStyle(panel).backgroundColor : "#fff");
            return [...document.querySelectorAll("[data-chat-name]")].map((el) => {
              const [hi, lo] = [lum(getComputedStyle(el).color), background].sort((a, b) => b - a);
              return { name: el.textContent, ratio: ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05) };
            });
          });
          expect(ratios.length).toBeGreaterThan(5);
          for (const r of ratios)
            if (r.ratio < 4.5) unreadable.push(`${language} ${scheme}: ${r.name} ${r.ratio.toFixed(2)}`);
          expect(errors).toEqual([]);
        } finally {
          await context.close();
        }
      }
    }
    expect(overflows).toEqual([]);
    expect(unreadable).toEqual([]);
  }, 90_000);

  test("a schedule records chat unless its Record chat switch is off, saved both ways", async () => {
    if (!browser || !app) throw new Error("not started");
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
    try {
      const { page, errors } = await signedInPage(context);
      await chooseLanguage(page, "en");
      await page.goto(`${app.url}/schedules`);
      await page.getByRole("button", { name: "New schedule" }).first().click();
      const dialog = page.getByRole("dialog", { name: "New schedule" });
      await dialog.getByLabel("Channel").selectOption(broadcasterId);
      const recordChat = dialog.getByRole("switch", { name: /^Record chat/ });
      expect(await recordChat.getAttribute("aria-checked")).toBe("true");
      await recordChat.click();
      expect(await recordChat.getAttribute("aria-checked")).toBe("false");
      await dialog.getByRole("button", { name: "Create" }).click();
      await dialog.waitFor({ state: "hidden" });
      const saved = async () =>
        (await app?.repo.schedules.list({ limit: 10, offset: 0 }))?.data.find(
          (s) => s.broadcaster_id === broadcasterId,
        );
      expect((await saved())?.record_chat).toBe(false);

      // Edited: the switch shows it off; on again, saved on.
      await page
        .getByRole("button", { name: /^Edit the schedule for/ })
        .first()
        .click();
      const edit = page.getByRole("dialog");
      const again = edit.getByRole("switch", { name: /^Record chat/ });
      expect(await again.getAttribute("aria-checked")).toBe("false");
      await again.click();
      await edit.getByRole("button", { name: "Save" }).click();
      await edit.waitFor({ state: "hidden" });
      expect((await saved())?.record_chat).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 30_000);
});
