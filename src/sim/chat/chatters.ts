import type { Random } from "../random.ts";

/** A viewer who talks in a simulated room: what IRC's user tags say of them there. */
export interface Chatter {
  id: string;
  login: string;
  /** Usually the login with capitals; for some, a localized name that differs from it (as Twitch allows). */
  display_name: string;
  /** `#RRGGBB`, or "" for a viewer who never chose a colour. */
  color: string;
  /** The `badges` tag: `moderator/1,subscriber/12`. */
  badges: string;
  /** The `badge-info` tag: `subscriber/14` (exact months) or "". */
  badge_info: string;
  mod: boolean;
  vip: boolean;
  subscriber: boolean;
  turbo: boolean;
  broadcaster: boolean;
}

const ADJECTIVES = [
  "quiet",
  "salty",
  "lucky",
  "brave",
  "sleepy",
  "rapid",
  "cosmic",
  "pixel",
  "mellow",
  "spicy",
];
const NOUNS = ["fox", "otter", "wizard", "noodle", "panda", "falcon", "pickle", "comet", "golem", "badger"];
/** Logins whose display name is not their login (Twitch's localized display names). */
const LOCALIZED: [string, string][] = [
  ["hanako_jp", "はなこ"],
  ["minjun_kr", "민준"],
  ["xiaoyu_tw", "小雨"],
];
const COLORS = ["#FF0000", "#1E90FF", "#00FF7F", "#9ACD32", "#FF69B4", "#8A2BE2", "#DAA520", "#5F9EA0"];

function capitalised(login: string, random: Random): string {
  if (random.chance(0.5)) return login;
  return login.replace(/(^|_)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

/** `count` distinct viewers of a room, from its own Random (the same room and seed: the same people). */
export function chatterPool(random: Random, count: number): Chatter[] {
  const logins = new Set<string>();
  const pool: Chatter[] = [];
  for (const [login, display] of LOCALIZED) pool.push(chatter(random, login, display, logins));
  while (pool.length < count) {
    const base = `${ADJECTIVES[random.int(0, ADJECTIVES.length - 1)]}${NOUNS[random.int(0, NOUNS.length - 1)]}`;
    const login = random.chance(0.6) ? `${base}${random.int(1, 9999)}` : `${base}_${random.int(10, 99)}`;
    if (logins.has(login)) continue;
    pool.push(chatter(random, login, capitalised(login, random), logins));
  }
  return pool;
}

function chatter(random: Random, login: string, display_name: string, logins: Set<string>): Chatter {
  logins.add(login);
  const mod = random.chance(0.06);
  const vip = !mod && random.chance(0.04);
  const subscriber = random.chance(0.35);
  const turbo = random.chance(0.05);
  const months = subscriber ? random.int(1, 60) : 0;
  const badges: string[] = [];
  if (mod) badges.push("moderator/1");
  if (vip) badges.push("vip/1");
  if (subscriber) badges.push(`subscriber/${[0, 3, 6, 12, 24, 36].filter((m) => m <= months).pop() ?? 0}`);
  if (turbo) badges.push("turbo/1");
  else if (random.chance(0.15)) badges.push("premium/1");
  if (random.chance(0.1)) badges.push(`bits/${[1, 100, 1000, 5000][random.int(0, 3)]}`);
  if (random.chance(0.03)) badges.push("glitchcon2020/1");
  return {
    id: String(random.int(10_000_000, 999_999_999)),
    login,
    display_name,
    color: random.chance(0.2) ? "" : (COLORS[random.int(0, COLORS.length - 1)] as string),
    badges: badges.join(","),
    badge_info: subscriber ? `subscriber/${months}` : "",
    mod,
    vip,
    subscriber,
    turbo,
    broadcaster: false,
  };
}

/** The channel's owner as a chatter: the broadcaster badge, in their own room. */
export function broadcasterChatter(id: string, login: string, display_name: string): Chatter {
  return {
    id,
    login,
    display_name,
    color: "#9146FF",
    badges: "broadcaster/1,subscriber/0",
    badge_info: "subscriber/1",
    mod: false,
    vip: false,
    subscriber: true,
    turbo: false,
    broadcaster: true,
  };
}
