import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { buildDashboard, dashboardIsStale } from "../../scripts/dashboard.ts";
import { launchBrowser } from "../support/browser.ts";
import {
  horizontalOverflow,
  overflowingElements,
  screenshotDir,
  VIEWPORTS,
} from "../support/dashboard-pages.ts";
import { type ServerProcess, spawnServer } from "../support/server-process.ts";

// A new user's first look, in a real browser: replayd from source with no Twitch application set. The
// sign-in page explains the three settings (in English and French), fits a phone, and signing in never
// leaves for Twitch.
const MAIN = join(import.meta.dir, "..", "..", "src", "main.ts");

let server: ServerProcess | undefined;
let browser: Browser | undefined;
let base = "";

beforeAll(async () => {
  if (dashboardIsStale()) await buildDashboard();
  const cwd = mkdtempSync(join(tmpdir(), "replayd-first-run-browser-"));
  server = await spawnServer({ cmd: [process.execPath, MAIN], cwd, env: { PORT: "0", HOST: "127.0.0.1" } });
  base = server.url;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page in `language` that records every host it asks for and lets none but replayd's be reached. */
async function openPage(language: string): Promise<{ page: Page; hosts: Set<string>; errors: string[] }> {
  if (!browser) throw new Error("no browser");
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(`localStorage.setItem("replayd:language", ${JSON.stringify(language)})`);
  const hosts = new Set<string>();
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    hosts.add(url.host);
    return url.origin === base ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  return { page, hosts, errors };
}

describe("first run without a Twitch application, in a browser", () => {
  test.each([
    [
      "en",
      "Connect a Twitch application first",
      "Whoever runs it makes three settings",
      "TWITCH_CLIENT_ID: the application’s Client ID.",
      "The demo runs replayd with a simulated Twitch",
    ],
    [
      "fr",
      "Associez d’abord une application Twitch",
      "La personne qui l’administre fait trois réglages",
      "TWITCH_CLIENT_ID : l’identifiant client (Client ID) de l’application.",
      "La démo lance replayd avec un Twitch simulé",
    ],
  ])(
    "%s: the sign-in page explains the settings, fits a phone, and signing in stays on replayd",
    async (language, title, intro, clientId, demo) => {
      const { page, hosts, errors } = await openPage(language);
      try {
        await page.goto(`${base}/`);
        const setup = page.getByTestId("twitch-app-setup");
        await setup.waitFor({ timeout: 10_000 });
        expect(new URL(page.url()).pathname).toBe("/login");
        expect(await setup.getByRole("heading").textContent()).toBe(title);
        const text = (await setup.textContent()) ?? "";
        for (const words of [
          intro,
          clientId,
          demo,
          "TWITCH_CLIENT_ID",
          "TWITCH_CLIENT_SECRET",
          "PUBLIC_BASE_URL",
          "README",
        ])
          expect(text).toContain(words);
        expect(await page.getByTestId("twitch-app-redirect-url").textContent()).toBe(
          `${base}/api/v1/auth/twitch/callback`,
        );
        expect(await setup.locator('a[href="https://dev.twitch.tv/console/apps"]').count()).toBe(1);
        // No button that would send the browser to Twitch with an empty client id.
        expect(await page.locator('a[href="/api/v1/auth/twitch"]').count()).toBe(0);
        // At desktop and phone widths, into test-results/screenshots; nothing scrolls sideways on a phone.
        for (const viewport of VIEWPORTS) {
          await page.setViewportSize({ width: viewport.width, height: viewport.height });
          const file = join(screenshotDir(), `first-run-${language}-${viewport.label}.png`);
          await page.screenshot({ path: file, fullPage: true });
          if (viewport.width <= 400)
            expect({
              overflow: await horizontalOverflow(page),
              wide: await overflowingElements(page),
            }).toEqual({
              overflow: 0,
              wide: [],
            });
        }
        await page.setViewportSize({ width: 1280, height: 900 });

        // Signing in anyway (a bookmark, the old button): the server answers with this same explanation.
        await page.goto(`${base}/api/v1/auth/twitch`);
        await setup.waitFor();
        const landed = new URL(page.url());
        expect(`${landed.pathname}${landed.search}`).toBe("/login?error=twitch_app_missing");
        expect(await page.getByRole("alert").count()).toBe(0);

        // The one outside address the page names is a link, never followed by itself.
        expect([...hosts]).toEqual([new URL(base).host]);
        expect(errors).toEqual([]);
      } finally {
        await page.context().close();
      }
    },
    30_000,
  );
});
