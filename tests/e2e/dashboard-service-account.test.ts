import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildDashboard } from "../../scripts/dashboard.ts";
import { startSimulator } from "../../src/sim/server.ts";
import { launchBrowser } from "../support/browser.ts";
import { quiet } from "../support/recorder.ts";
import { startReplayd } from "../support/sign-in.ts";

// System → Service account in a real browser against replayd from source and the simulator: the owner
// signs an account in through Twitch's (the simulator's) consent page and is back on the page, which shows
// the account and its token; Remove takes it away; a viewer is not let in; a problem with its token is
// shown in words.
const ROOT = join(import.meta.dir, "..", "..");
/** Set to a folder to keep a screenshot of the page (desktop and 360 px). */
const SHOTS = process.env.SYSTEM_PAGES_SCREENSHOTS ?? "";

const sim = startSimulator({ log: quiet, port: 0, seed: 23 });
let app: Awaited<ReturnType<typeof startReplayd>>;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(join(ROOT, "dashboard", "dist", "index.html"))) await buildDashboard();
  app = await startReplayd(sim.url, { WHITELIST_ENABLED: "false" });
  browser = await launchBrowser();
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
}, 40_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sim.stop();
});

/** A browser signed in as `login` (the simulator's first user, the owner, by default). */
async function signedIn(
  login?: string,
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  if (!browser) throw new Error("no browser");
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  await page.goto(`${app.url}/api/v1/auth/twitch${login ? `?login=${login}` : ""}`);
  await page.locator("main#main h1").waitFor({ timeout: 10_000 });
  return { context, page, errors };
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

describe("System → Service account", () => {
  test("the owner signs an account in through Twitch's page, sees it and its token, and removes it", async () => {
    const { context, page, errors } = await signedIn();
    try {
      await page.getByTestId("system-nav").last().getByRole("link", { name: "Service account" }).click();
      await page.waitForURL(`${app.url}/system/service-account`);
      await page.getByTestId("service-account-none").waitFor();
      expect(await page.getByTestId("service-account-remove").count()).toBe(0);

      // Twitch's consent page (the simulator approves at once, as its first user) and back.
      await page.getByRole("button", { name: "Sign in the service account" }).click();
      await page.waitForURL(`${app.url}/system/service-account?service_account=set`);
      expect(await page.getByTestId("service-account-outcome").textContent()).toContain(
        "Service account set.",
      );
      expect(await page.getByTestId("service-account-login").textContent()).toBe("SimViewer");
      expect(await page.getByTestId("service-account").textContent()).toContain("In use");
      // A user token lasts about four hours.
      expect(await page.getByTestId("service-account-expires").textContent()).toMatch(/^in [34] hours$/);
      expect(await page.getByTestId("service-account-refreshed").textContent()).toBe(
        "Not since it was chosen",
      );
      // Still the owner's own session: the account was not signed in to replayd.
      expect(await page.getByTestId("system-nav").count()).toBeGreaterThan(0);
      await shot(page, "service-account");

      await page.getByTestId("service-account-remove").click();
      await page.getByRole("dialog").getByTestId("confirm-action").click();
      await page.getByTestId("service-account-none").waitFor();
      expect(await app.repo.serviceAccount.get()).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  test("a token Twitch no longer takes is shown as the reason playback is anonymous", async () => {
    await app.repo.serviceAccount.put({
      twitch_user_id: "100002",
      login: "kitchen_lab",
      display_name: "KitchenLab",
      source: "dashboard",
      env_token_hash: null,
      encrypted_tokens: "v1.unreadable",
      expires_at: new Date(Date.now() - 60_000).toISOString(),
    });
    await app.repo.serviceAccount.noteError("100002", "cannot refresh its token: Invalid refresh token");
    const { context, page } = await signedIn(undefined, { width: 360, height: 740 });
    try {
      await page.goto(`${app.url}/system/service-account`);
      await page.getByTestId("service-account-problem").waitFor();
      expect(await page.getByTestId("service-account-problem").textContent()).toBe(
        "Recording anonymously for now: cannot refresh its token: Invalid refresh token",
      );
      expect(await page.getByTestId("service-account").textContent()).toContain("Not in use");
      expect(await page.getByTestId("service-account-expires").textContent()).toBe(
        "Expired: refreshed when next used",
      );
      expect(await page.evaluate("document.documentElement.scrollWidth")).toBe(360);
      await shot(page, "service-account-360");
    } finally {
      await context.close();
      await app.repo.serviceAccount.clear();
    }
  }, 60_000);

  test("consent cancelled on Twitch comes back as a readable message, the account unchanged", async () => {
    const { context, page } = await signedIn();
    const deny = (on: boolean) =>
      fetch(`${sim.url}/sim/faults`, { method: "POST", body: JSON.stringify({ oauth_authorize_deny: on }) });
    try {
      await deny(true);
      await page.goto(`${app.url}/system/service-account`);
      await page.getByRole("button", { name: "Sign in the service account" }).click();
      await page.waitForURL(`${app.url}/system/service-account?service_account_error=access_denied`);
      await page.getByTestId("service-account-outcome").waitFor();
      expect(await page.getByTestId("service-account-outcome").textContent()).toBe(
        "Cancelled on Twitch: the service account is unchanged.",
      );
      await page.getByTestId("service-account-none").waitFor();
      // Nobody was signed out: the owner is still in.
      expect(await page.getByTestId("system-nav").count()).toBeGreaterThan(0);
    } finally {
      await deny(false);
      await context.close();
    }
  }, 30_000);

  test("a viewer gets no such page", async () => {
    const { context, page } = await signedIn("kitchen_lab");
    try {
      await page.goto(`${app.url}/system/service-account`);
      await page.getByTestId("not-allowed").waitFor();
      expect(await page.getByTestId("service-account").count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 30_000);
});
