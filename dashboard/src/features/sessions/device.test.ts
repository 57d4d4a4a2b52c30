import { expect, test } from "bun:test";
import { type Device, describeDevice, orderSessions } from "./device";

const UA = {
  firefoxLinux: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  chromeWindows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  edgeWindows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
  safariMac:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  safariIphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  chromeIphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1",
  chromeAndroid:
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  operaMac:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0",
  chromebook:
    "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  headlessChrome:
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36",
};

test.each<[string, string | null | undefined, Device]>([
  ["Firefox on Linux", UA.firefoxLinux, { browser: "Firefox", os: "Linux" }],
  ["Chrome on Windows", UA.chromeWindows, { browser: "Chrome", os: "Windows" }],
  ["Edge is not Chrome", UA.edgeWindows, { browser: "Edge", os: "Windows" }],
  ["Safari on macOS", UA.safariMac, { browser: "Safari", os: "macOS" }],
  ["Safari on iPhone is iOS, not macOS", UA.safariIphone, { browser: "Safari", os: "iOS" }],
  ["Chrome on iPhone", UA.chromeIphone, { browser: "Chrome", os: "iOS" }],
  ["Android is not Linux", UA.chromeAndroid, { browser: "Chrome", os: "Android" }],
  ["Opera is not Chrome", UA.operaMac, { browser: "Opera", os: "macOS" }],
  ["ChromeOS is not Linux", UA.chromebook, { browser: "Chrome", os: "ChromeOS" }],
  ["headless Chrome counts as Chrome", UA.headlessChrome, { browser: "Chrome", os: "Linux" }],
  ["curl", "curl/8.5.0", { browser: "curl", os: null }],
  ["unknown client", "my-script/1.0", { browser: null, os: null }],
  ["nothing stored", null, { browser: null, os: null }],
  ["blank", "  ", { browser: null, os: null }],
])("%s", (_name, userAgent, expected) => {
  expect(describeDevice(userAgent)).toEqual(expected);
});

const s = (id: string, current: boolean, last_active_at: string) => ({ id, current, last_active_at });

test.each<{ name: string; input: ReturnType<typeof s>[]; order: string[] }>([
  { name: "empty", input: [], order: [] },
  {
    name: "most recent first",
    input: [s("a", false, "2025-01-01T00:00:00Z"), s("b", false, "2025-02-01T00:00:00Z")],
    order: ["b", "a"],
  },
  {
    name: "the current session leads even when another was active later",
    input: [
      s("old", false, "2025-01-01T00:00:00Z"),
      s("newer", false, "2025-03-01T00:00:00Z"),
      s("me", true, "2025-02-01T00:00:00Z"),
    ],
    order: ["me", "newer", "old"],
  },
])("$name", ({ input, order }) => {
  const before = input.map((x) => x.id);
  expect(orderSessions(input).map((x) => x.id)).toEqual(order);
  expect(input.map((x) => x.id)).toEqual(before); // the query's data is left as it was
});
