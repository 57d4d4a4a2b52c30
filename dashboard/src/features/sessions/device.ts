// Turns a session's stored User-Agent into "Firefox on Linux" and orders the list, so people can tell
// their sessions apart at a glance.

export interface Device {
  /** Null when the User-Agent names no browser we know (a script, a bot, or none stored). */
  browser: string | null;
  os: string | null;
}

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", Android also says "Linux".
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\b(?:OPR|Opera)\//, "Opera"],
  [/\b(?:Firefox|FxiOS)\//, "Firefox"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/(?:Chrome|CriOS|Chromium)\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
  [/^curl\//, "curl"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\bWindows\b/, "Windows"],
  [/\b(?:iPhone|iPad|iPod)\b/, "iOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

const first = (table: [RegExp, string][], text: string) =>
  table.find(([pattern]) => pattern.test(text))?.[1] ?? null;

export function describeDevice(userAgent: string | null | undefined): Device {
  const text = userAgent?.trim() ?? "";
  if (text === "") return { browser: null, os: null };
  return { browser: first(BROWSERS, text), os: first(SYSTEMS, text) };
}

/** The current session first, then the most recently active. */
export function orderSessions<T extends { current: boolean; last_active_at: string }>(sessions: T[]): T[] {
  return [...sessions].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.last_active_at.localeCompare(a.last_active_at),
  );
}
