// How a chat line looks, as pure functions: its time on the video, a viewer's name colour made readable on
// the page's background, and the short label of each badge.

/** 3725 → "1:02:05", 65 → "0:01:05": always hours, so a column of times lines up. */
export function chatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(totalSeconds) ? totalSeconds : 0));
  const two = (n: number) => String(n).padStart(2, "0");
  return `${Math.floor(s / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

type Rgb = [number, number, number];

/** The panel's background in each theme (the `surface` colour of styles.css, in sRGB). */
const BACKGROUNDS: Record<"light" | "dark", Rgb> = { light: [255, 255, 255], dark: [28, 26, 34] };

/** WCAG's minimum for normal text. */
export const MIN_CONTRAST = 4.5;

/** Twitch's colours for viewers who never chose one, picked by login so a name keeps its colour. */
const DEFAULT_COLORS = [
  "#FF0000",
  "#0000FF",
  "#008000",
  "#B22222",
  "#FF7F50",
  "#9ACD32",
  "#FF4500",
  "#2E8B57",
  "#DAA520",
  "#D2691E",
  "#5F9EA0",
  "#1E90FF",
  "#FF69B4",
  "#8A2BE2",
  "#00FF7F",
];

function parseHex(hex: string): Rgb | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const n = Number.parseInt(m[1] as string, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const toHex = (rgb: Rgb) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;

function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a: string, b: string): number {
  const x = parseHex(a);
  const y = parseHex(b);
  if (!x || !y) return 1;
  const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The colour mixed toward white (`t` > 0) or black (`t` < 0) by |t|. */
function mix(rgb: Rgb, t: number): Rgb {
  const target = t > 0 ? 255 : 0;
  const k = Math.abs(t);
  return rgb.map((c) => c + (target - c) * k) as Rgb;
}

export function themeBackground(theme: "light" | "dark"): string {
  return toHex(BACKGROUNDS[theme]);
}

/**
 * A viewer's name colour as shown: theirs (or Twitch's default for their login), lightened on the dark
 * theme or darkened on the light one just enough to reach MIN_CONTRAST against the panel.
 */
export function readableNameColor(color: string | null, login: string, theme: "light" | "dark"): string {
  const base = (color && parseHex(color)) || parseHex(defaultNameColor(login));
  const rgb = base ?? [128, 128, 128];
  const background = themeBackground(theme);
  const direction = theme === "dark" ? 1 : -1;
  for (let step = 0; step <= 20; step++) {
    const candidate = toHex(mix(rgb, (direction * step) / 20));
    if (contrastRatio(candidate, background) >= MIN_CONTRAST) return candidate;
  }
  return theme === "dark" ? "#ffffff" : "#000000";
}

export function defaultNameColor(login: string): string {
  let hash = 0;
  for (const ch of login) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return DEFAULT_COLORS[hash % DEFAULT_COLORS.length] as string;
}

/** Badge sets with a chip of our own words (`chat.badges.<key>`), and those whose version is a number. */
const NAMED = {
  broadcaster: "broadcaster",
  moderator: "moderator",
  vip: "vip",
  staff: "staff",
  admin: "staff",
  global_mod: "staff",
  partner: "partner",
  premium: "prime",
  turbo: "turbo",
  founder: "founder",
  "artist-badge": "artist",
} as const;
const COUNTED = {
  subscriber: "subscriber",
  bits: "bits",
  "sub-gifter": "subGifter",
  "bits-leader": "bitsLeader",
  "sub-gift-leader": "subGiftLeader",
} as const;

export type NamedBadgeKey = (typeof NAMED)[keyof typeof NAMED];
export type CountedBadgeKey = (typeof COUNTED)[keyof typeof COUNTED];

/**
 * A badge's chip: our words for a known set (`sub 12`, `bits 1000`: `count` fills `chat.badges.<key>Count`),
 * or, for a set we do not know, its id made readable. Subscriber versions above 1000 carry the tier (3012:
 * tier 3, 12 months); the months are what the chip says, and a first month says just "sub".
 */
export type BadgeLabel =
  | { key: NamedBadgeKey }
  | { key: CountedBadgeKey; count: number | null }
  | { key: null; text: string };

export function badgeLabel(badge: { set_id: string; version: string }): BadgeLabel {
  const named = (NAMED as Record<string, NamedBadgeKey>)[badge.set_id];
  if (named) return { key: named };
  const counted = (COUNTED as Record<string, CountedBadgeKey>)[badge.set_id];
  if (counted) {
    let n = Number(badge.version);
    if (!badge.version || !Number.isSafeInteger(n) || n < 0) return { key: counted, count: null };
    if (counted === "subscriber" && n >= 1000) n %= 1000;
    return { key: counted, count: counted === "subscriber" && n <= 1 ? null : n };
  }
  const text = badge.set_id.replace(/[-_]+/g, " ").trim() || badge.set_id;
  return { key: null, text: badge.version && badge.version !== "1" ? `${text} ${badge.version}` : text };
}
