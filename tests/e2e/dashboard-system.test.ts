import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startSimulator } from "../../src/sim/server.ts";
import { launchBrowser } from "../support/browser.ts";
import { spawnDemo } from "../support/demo-process.ts";
import type { ServerProcess } from "../support/server-process.ts";
import { startReplayd } from "../support/sign-in.ts";
import { quietLog } from "../support/sim.ts";
import { startWebhookReceiver, until } from "../support/webhook-receiver.ts";

// The owner's System pages in a real browser against `replayd demo` (direct mode, the simulator's EventSub):
// what the owner sees and can do on each, and that nobody else gets in.
/** Set to a folder to keep a screenshot of each page (light and dark, desktop and 360 px). */
const SHOTS = process.env.SYSTEM_PAGES_SCREENSHOTS ?? "";

let demo: ServerProcess | undefined;
let browser: Browser | undefined;
let base = "";
const receiver = startWebhookReceiver();

beforeAll(async () => {
  // The receiver below is on this machine: allowed only when listed.
  ({ server: demo, base } = await spawnDemo("replayd-system-pages", { WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" }));
  browser = await launchBrowser();
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
}, 40_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  receiver.stop();
});

/** A browser signed in as `login` through replayd's OAuth and the simulator's one-click authorize. */
async function signedIn(
  login?: string,
  viewport = { width: 1280, height: 900 },
  origin = base,
): Promise<{ context: BrowserContext; page: Page }> {
  if (!browser) throw new Error("no browser");
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  await page.goto(`${origin}/api/v1/auth/twitch${login ? `?login=${login}` : ""}`);
  await page.locator("main#main h1").waitFor({ timeout: 10_000 });
  expect(errors).toEqual([]);
  return { context, page };
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

describe("the owner's System pages", () => {
  test("navigation lists them under System; the EventSub page shows the running mode, quota and subscriptions", async () => {
    const { context, page } = await signedIn();
    try {
      const system = page.getByTestId("system-nav").last();
      await system.waitFor();
      for (const name of ["Live detection", "Recording webhook", "Tasks", "Logs"])
        expect(await system.getByRole("link", { name }).count()).toBe(1);

      await system.getByRole("link", { name: "Live detection" }).click();
      await page.waitForURL(`${base}/system/eventsub`);
      // The demo runs direct mode from its environment: that card is the active one, and the form is not offered.
      await expect(page.getByTestId("mode-direct").getAttribute("data-status")).resolves.toBe("active");
      expect(await page.getByTestId("eventsub-summary").textContent()).toBe("Active");
      expect(await page.getByTestId("eventsub-save").count()).toBe(0);
      for (const mode of ["relay", "poll", "off"])
        expect(await page.getByTestId(`mode-${mode}`).getAttribute("data-status")).toBe("available");

      // The demo subscribes its channels at start; the quota card counts them (a snapshot older than the
      // list is replaced at once), and Poll now records another snapshot.
      await page.getByTestId("subscription-row").first().waitFor({ timeout: 15_000 });
      const card = page.getByTestId("quota-card");
      const bars = page.getByTestId("snapshot-strip").locator("li");
      await until("the boot snapshot", async () => (await bars.count()) > 0);
      // (A recording starting meanwhile changes the list: the card follows.)
      await until(
        "a snapshot in step with the list",
        async () =>
          (await card.getAttribute("data-freshness")) === "current" &&
          Number(await page.getByTestId("quota-total").textContent()) ===
            (await page.getByTestId("subscription-row").count()),
      );
      const before = await bars.count();
      await page.getByTestId("poll-now").click();
      // One more bar in the strip (or more: a recording starting meanwhile changes the list), and the quota
      // reads from it.
      await until("the new snapshot", async () => (await bars.count()) > before);
      expect(Number(await page.getByTestId("quota-total").textContent())).toBeGreaterThan(0);
      expect(await page.getByTestId("quota-cost").textContent()).toMatch(/^Cost \d+ of [\d,]+ \(\d+ %\)$/);
      const rows = await page.getByTestId("subscription-row").count();
      await shot(page, "eventsub");

      // Unsubscribe asks first, then the row goes.
      const first = page.getByTestId("subscription-row").first();
      await first.getByRole("button", { name: /^Unsubscribe / }).click();
      await page.getByRole("dialog").getByTestId("confirm-action").click();
      await page.getByRole("dialog").waitFor({ state: "detached" });
      await until(
        "the row to go",
        async () => (await page.getByTestId("subscription-row").count()) === rows - 1,
      );
    } finally {
      await context.close();
    }
  }, 60_000);

  test("Run now shows the run's outcome without a reload, and the log page lists it", async () => {
    const { context, page } = await signedIn();
    try {
      await page.goto(`${base}/system/tasks`);
      const row = page.locator('[data-testid="task-row"][data-task="session_cleanup"]');
      await row.waitFor();
      // Boot ran every task once; wait until that run has ended before asking for another.
      await until("the boot run to end", async () => (await row.getAttribute("data-status")) !== "running");
      const before = await row.locator("time").first().getAttribute("datetime");
      const navigations: string[] = [];
      page.on("framenavigated", (frame) => navigations.push(frame.url()));
      await row.getByRole("button", { name: "Run session_cleanup now" }).click();
      await until(
        "the new run's success",
        async () =>
          (await row.getAttribute("data-status")) === "success" &&
          (await row.locator("time").first().getAttribute("datetime")) !== before,
      );
      expect(navigations).toEqual([]);
      expect(await row.getByTestId("task-status").textContent()).toContain("Succeeded");
      await shot(page, "tasks");

      // Pause and resume: the row says so, and Run now waits while paused.
      await row.getByRole("button", { name: "Pause session_cleanup" }).click();
      await row.getByRole("button", { name: "Resume session_cleanup" }).waitFor();
      expect(await row.getByRole("button", { name: "Run session_cleanup now" }).isDisabled()).toBe(true);
      await row.getByRole("button", { name: "Resume session_cleanup" }).click();
      await row.getByRole("button", { name: "Pause session_cleanup" }).waitFor();

      // The task's log entry (a routine run: debug, shown when asked for), found by domain and by text search.
      await page.goto(`${base}/system/logs?domain=task&severity=debug`);
      await page.getByTestId("event-log-row").filter({ hasText: "session_cleanup" }).first().waitFor();
      expect(await page.getByTestId("pager-status").textContent()).toMatch(/^Page 1 of \d+ · \d+ in all$/);
      await page.getByTestId("log-search").fill("session_cleanup");
      await page.getByRole("button", { name: "Search", exact: true }).click();
      await page.waitForURL(/q=session_cleanup/);
      await page.getByTestId("event-log-row").filter({ hasText: "session_cleanup" }).first().waitFor();
      expect(await page.getByLabel("Domain").isDisabled()).toBe(true);
      await shot(page, "logs");

      // API calls: the demo's Helix traffic.
      await page.getByLabel("Source").selectOption("api");
      await page.waitForURL(/source=api/);
      await page.getByTestId("fetch-log-row").first().waitFor({ timeout: 15_000 });
    } finally {
      await context.close();
    }
  }, 60_000);

  test("the webhook is saved, its shown secret signs the test message, and the delivery is logged", async () => {
    const { context, page } = await signedIn();
    try {
      await page.goto(`${base}/system/webhook`);
      await page.getByTestId("webhook-url").fill(`${receiver.url}/hook`);
      await page.getByRole("switch", { name: /Send the webhook/ }).click();
      await page.getByTestId("webhook-save").click();
      await page.getByText("Saved.").waitFor();
      // Turning it on made a secret: reveal it and give it to the receiver.
      await page.getByRole("button", { name: "Show" }).click();
      const secret = (await page.getByTestId("webhook-secret").textContent()) ?? "";
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      receiver.endpoint("/hook", secret);

      await page.getByTestId("webhook-test").click();
      await page.getByTestId("webhook-test-result").getByText("Accepted (HTTP 200).").waitFor();
      expect(receiver.at("/hook").map((m) => [m.event, m.verified])).toEqual([["recording.test", true]]);
      await page.locator('[data-testid="delivery-row"][data-outcome="delivered"]').first().waitFor();

      // Regenerating asks first, then shows the new secret once, in clear.
      await page.getByTestId("webhook-regenerate").click();
      await page.getByRole("dialog").getByTestId("confirm-action").click();
      await page.getByText(/^New secret: copy it/).waitFor();
      const fresh = (await page.getByTestId("webhook-secret").textContent()) ?? "";
      expect(fresh).toMatch(/^[0-9a-f]{64}$/);
      expect(fresh).not.toBe(secret);
      await shot(page, "webhook");
    } finally {
      await context.close();
    }
  }, 60_000);

  test("at 360 px the pages fit the screen, tables stacked", async () => {
    const { context, page } = await signedIn(undefined, { width: 360, height: 740 });
    try {
      // Each page with its content in: the widest part of it.
      const content = {
        eventsub: "subscription-row",
        webhook: "delivery-row",
        tasks: "task-row",
        logs: "event-log-row",
      };
      for (const [path, testId] of Object.entries(content)) {
        await page.goto(`${base}/system/${path}`);
        await page.getByTestId(testId).first().waitFor();
        // Neither the page nor a table scrolls sideways.
        const fits = `Array.from(document.querySelectorAll("main table")).every(
          (t) => t.parentElement.scrollWidth <= t.parentElement.clientWidth)`;
        expect({ path, width: await page.evaluate("document.documentElement.scrollWidth") }).toEqual({
          path,
          width: 360,
        });
        expect({ path, tablesFit: await page.evaluate(fits) }).toEqual({ path, tablesFit: true });
        await shot(page, `${path}-360`);
      }
      if (SHOTS) {
        await page.evaluate('document.documentElement.classList.toggle("dark")');
        await shot(page, "logs-360-other-theme");
      }
    } finally {
      await context.close();
    }
  }, 60_000);

  test("another signed-in user sees no System section and is not let in", async () => {
    const { context, page } = await signedIn("kitchen_lab");
    try {
      expect(await page.getByTestId("system-nav").count()).toBe(0);
      for (const path of ["eventsub", "webhook", "tasks", "logs"]) {
        await page.goto(`${base}/system/${path}`);
        await page.getByTestId("not-allowed").waitFor();
      }
      await shot(page, "not-allowed");
    } finally {
      await context.close();
    }
  }, 30_000);
});

describe("choosing the mode on a server whose environment leaves it open", () => {
  test("the home nudge leads to the setup; a mode missing its URL is refused, a saved one waits for a restart", async () => {
    const sim = startSimulator({ log: quietLog, port: 0, seed: 11 });
    const app = await startReplayd(sim.url);
    try {
      const { context, page } = await signedIn(undefined, undefined, app.url);
      try {
        await page.getByTestId("setup-configure").click();
        await page.waitForURL(`${app.url}/system/eventsub`);
        expect(await page.getByTestId("eventsub-summary").textContent()).toBe("Setup required");

        // Relay without its ingest URL: the field says what is missing, nothing is sent.
        await page.getByRole("radio", { name: /^Relay/ }).check();
        await page.getByTestId("eventsub-save").click();
        await page.getByText("Give the relay's ingest URL.").waitFor();

        // No public address: direct cannot be saved without a callback URL.
        await page.getByRole("radio", { name: /^Direct/ }).check();
        expect(await page.getByTestId("mode-direct").getAttribute("data-status")).toBe("needs_public_url");
        expect(await page.getByTestId("eventsub-save").isDisabled()).toBe(true);

        await page.getByRole("radio", { name: /^Polling/ }).check();
        await page.getByTestId("eventsub-save").click();
        await page
          .getByText("Saved. Restart the server to switch to Polling. Running now: nothing.")
          .waitFor();
        expect(await page.getByTestId("eventsub-summary").textContent()).toBe("Restart required");
        expect(await page.getByTestId("mode-poll").getAttribute("data-status")).toBe("pending_restart");
        await shot(page, "eventsub-setup");
      } finally {
        await context.close();
      }
    } finally {
      await app.stop();
      await sim.stop();
    }
  }, 60_000);
});
