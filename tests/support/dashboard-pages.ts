import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";

// The root tsconfig has no DOM library; these are the few browser shapes the page functions below read
// (they run in Chromium, where the real globals exist).
interface Box {
  textContent: string | null;
  offsetParent: unknown;
  tagName: string;
  className: unknown;
  scrollWidth: number;
  clientWidth: number;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { right: number };
}
declare const document: {
  querySelectorAll(selector: string): Iterable<Box>;
  images: Iterable<{ complete: boolean }>;
  scrollingElement: { scrollWidth: number } | null;
  documentElement: { scrollWidth: number };
};
declare const window: { innerWidth: number; getComputedStyle(el: Box): { overflowX: string } };

/**
 * The dashboard pages the e2e run photographs, at every width in VIEWPORTS and in every language of
 * LANGUAGES. Add a page by adding a line: `:videoId`, `:channelId` and `:categoryId` in a path are filled
 * from what the run recorded. A page whose route is not in this build (see `inBuild`) is left out, so pages
 * still on other branches can be listed; `unlistedRoutes` names a route of the build missing here.
 */
export const SCREENSHOT_PAGES: { name: string; path: string; notARoute?: true }[] = [
  { name: "home", path: "/" },
  { name: "videos", path: "/videos" },
  { name: "watch", path: "/watch/:videoId" },
  { name: "channels", path: "/channels" },
  { name: "channel", path: "/channels/:channelId" },
  { name: "categories", path: "/categories" },
  { name: "category", path: "/categories/:categoryId" },
  { name: "schedules", path: "/schedules" },
  { name: "downloads", path: "/downloads" },
  { name: "history", path: "/history" },
  { name: "requests", path: "/requests" },
  { name: "statistics", path: "/statistics" },
  { name: "settings", path: "/settings" },
  { name: "sessions", path: "/sessions" },
  { name: "tokens", path: "/tokens" },
  { name: "system", path: "/system" },
  { name: "system-users", path: "/system/users" },
  { name: "system-whitelist", path: "/system/whitelist" },
  { name: "system-playback", path: "/system/playback" },
  { name: "system-service-account", path: "/system/service-account" },
  { name: "system-eventsub", path: "/system/eventsub" },
  { name: "system-webhook", path: "/system/webhook" },
  { name: "system-notifications", path: "/system/notifications" },
  { name: "system-tasks", path: "/system/tasks" },
  { name: "system-logs", path: "/system/logs" },
  { name: "system-health", path: "/system/health" },
  // Any address the dashboard has no page for.
  { name: "not-found", path: "/no-such-page", notARoute: true },
];

/**
 * Routes that are not pages of their own: `/dashboard` only redirects home (the server lands there after
 * sign-in), and `/login` is photographed before signing in (and, without a Twitch application, by
 * tests/e2e/dashboard-first-run.test.ts).
 */
const NOT_LISTED = new Set(["/dashboard", "/login"]);

/** Every route the dashboard's route tree navigates to, as `/watch/$videoId`. */
export function builtRoutes(): string[] {
  const tree = readFileSync(ROUTE_TREE, "utf8");
  const block = /export interface FileRoutesByTo \{([^}]*)\}/.exec(tree)?.[1];
  if (!block) throw new Error(`no FileRoutesByTo in ${ROUTE_TREE}`);
  return [...block.matchAll(/"([^"]+)":/g)].map((m) => m[1] ?? "");
}

/** The routes of this build that SCREENSHOT_PAGES does not photograph. */
export function unlistedRoutes(): string[] {
  const listed = new Set(SCREENSHOT_PAGES.map((p) => p.path.replace(/:(\w+)/g, "$$$1")));
  return builtRoutes().filter((route) => !listed.has(route) && !NOT_LISTED.has(route));
}

const ROUTE_TREE = join(import.meta.dir, "..", "..", "dashboard", "src", "routeTree.gen.ts");

/**
 * Whether the built dashboard has a route for `path`: the route tree the build generated lists every full
 * path (`/watch/$videoId`, `/channels/` for an index route). A listed page that is no route (the not-found
 * page) always is.
 */
export function inBuild(path: string): boolean {
  if (SCREENSHOT_PAGES.some((p) => p.path === path && p.notARoute)) return true;
  const tree = readFileSync(ROUTE_TREE, "utf8");
  const route = path.replace(/:(\w+)/g, "$$$1");
  return tree.includes(`"${route}"`) || tree.includes(`"${route}/"`);
}

/** The languages every page is photographed in, with the browser locale that picks each at sign-in. */
export const LANGUAGES = [
  { language: "en", locale: "en-US" },
  { language: "fr", locale: "fr-FR" },
] as const;

export const VIEWPORTS = [
  { label: "1280", width: 1280, height: 800 },
  { label: "360", width: 360, height: 740 },
] as const;

/** Where the screenshots go (gitignored), created on first use. */
export function screenshotDir(): string {
  const dir = join(import.meta.dir, "..", "..", "test-results", "screenshots");
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function fillPath(path: string, values: Record<string, string | number>): string {
  return path.replace(/:(\w+)/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`no value for :${key} in ${path}`);
    return encodeURIComponent(String(value));
  });
}

/**
 * Waits until the page shows its content: a heading, no "Loading…" placeholder or route spinner left, and
 * every image decoded, so a screenshot shows what a user would look at.
 */
export async function settle(page: Page, timeoutMs = 10_000): Promise<void> {
  await page.locator("h1").first().waitFor({ state: "visible", timeout: timeoutMs });
  await page.waitForFunction(
    () => {
      const busy = [...document.querySelectorAll("[role=status], p, span")].some(
        (el) => el.textContent?.trim() === "Loading…" && el.offsetParent !== null,
      );
      const images = [...document.images].every((img) => img.complete);
      return !busy && images;
    },
    undefined,
    { timeout: timeoutMs, polling: 50 },
  );
}

/** How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return Math.max(0, root.scrollWidth - window.innerWidth);
  });
}

/** Which elements stick out past the right edge, to make an overflow failure actionable. */
export function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    return [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5)
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 80)}`);
  });
}

/**
 * Parts of the page that scroll sideways within it, like a strip of tabs wider than a phone: the page stays
 * put, but what is past the edge is easy to miss.
 */
export function sidewaysScrollers(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter(
        (el) =>
          el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(window.getComputedStyle(el).overflowX),
      )
      .map((el) => `${el.tagName.toLowerCase()}[${el.getAttribute("aria-label") ?? ""}]`),
  );
}
