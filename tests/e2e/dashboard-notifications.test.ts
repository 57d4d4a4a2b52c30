import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../support/browser.ts";
import { spawnDemo } from "../support/demo-process.ts";
import { startNotificationReceiver } from "../support/notification-receiver.ts";
import type { ServerProcess } from "../support/server-process.ts";
import { until } from "../support/until.ts";

// System → Notifications in a real browser against `replayd demo`: a target added with its secret, the
// template editor's preview and its error, a test send that reaches a receiver on this machine, the
// delivery log, and the secret never shown back.
const TOKEN = "tk_browser_secret_0123456789";

let demo: ServerProcess | undefined;
let browser: Browser | undefined;
let base = "";
const receiver = startNotificationReceiver();

beforeAll(async () => {
  // The receiver below is on this machine: allowed only when listed.
  ({ server: demo, base } = await spawnDemo("replayd-notifications-page", {
    WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
  }));
  browser = await launchBrowser();
}, 40_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  receiver.stop();
});

test("the owner adds an ntfy target, previews its message, sends a test and reads the log", async () => {
  if (!browser) throw new Error("no browser");
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  try {
    await page.goto(`${base}/api/v1/auth/twitch`);
    await page.locator("main#main h1").waitFor({ timeout: 10_000 });
    await page.getByTestId("system-nav").last().getByRole("link", { name: "Notifications" }).click();
    await page.getByRole("heading", { name: "Notifications", level: 1 }).waitFor();
    await page.getByText("No targets yet").waitFor();

    await page.getByTestId("target-add").click();
    const editor = page.getByTestId("target-editor");
    await editor.getByTestId("target-name").fill("My phone");
    await editor.getByTestId("target-kind").selectOption("ntfy");
    await editor.getByTestId("field-server").fill(receiver.url);
    await editor.getByTestId("field-topic").fill("replayd-e2e");
    await editor.getByTestId("field-token").fill(TOKEN);
    await editor.getByTestId("event-recording_failed").check();

    // The message: the preview follows the template; an unknown variable is named.
    const title = editor.getByTestId("template-title");
    await title.fill("{channel} is on air");
    await editor.getByTestId("template-preview").getByText("Speedrunner is on air").waitFor();
    await title.fill("{streamer} is on air");
    await editor.getByTestId("template-preview").getByText("uses an unknown variable {streamer}").waitFor();
    await title.fill("{channel} is on air");
    await editor.getByTestId("target-save").click();

    const row = page.getByTestId("target-row").filter({ hasText: "My phone" });
    await row.waitFor();
    expect(await page.getByTestId("target-editor").count()).toBe(0);
    await row.getByTestId("target-test").click();
    await row.getByTestId("target-test-result").getByText("Accepted (HTTP 200).").waitFor();
    const [sent] = receiver.at("/replayd-e2e");
    expect(sent?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent?.headers.title).toBe("replayd test notification");
    await until("the test in the delivery log", async () =>
      (await page.getByTestId("notification-delivery-row").count()) > 0 ? true : null,
    );
    await page.getByTestId("notification-delivery-row").first().getByText("Delivered").waitFor();

    // Editing shows the secret only as saved; the page never holds it.
    await row.getByRole("button", { name: "Edit My phone" }).click();
    const token = page.getByTestId("target-editor").getByTestId("field-token");
    expect(await token.inputValue()).toBe("");
    expect(await token.getAttribute("placeholder")).toBe("••••••••");
    expect(await page.content()).not.toContain(TOKEN);
    await page.getByTestId("target-editor").getByTestId("target-save").click();
    await page.getByTestId("target-editor").waitFor({ state: "detached" });
    await row.getByTestId("target-test").click();
    // The first test's result is still on the row: wait for the second request itself.
    await until("the second test at the receiver", async () =>
      receiver.at("/replayd-e2e").length >= 2 ? true : null,
    );
    expect(receiver.at("/replayd-e2e").map((r) => r.headers.authorization)).toEqual([
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
    ]);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
}, 60_000);
