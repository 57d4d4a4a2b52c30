import { type Browser, chromium } from "playwright-core";

/**
 * Debian's Chromium, headless, with the flags that keep it off the (closed) network; `extraArgs` adds more
 * (e.g. `--host-resolver-rules` to reach the server under a LAN-like name, an insecure context).
 */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      ...extraArgs,
    ],
  });
}
