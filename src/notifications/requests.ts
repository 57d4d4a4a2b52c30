import { createHash } from "node:crypto";
import type { JsonObject } from "../domain/json.ts";
import type { NotificationDelivery } from "../domain/notifications.ts";
import { signedHeaders } from "../recording-webhook/messages.ts";
import type { TargetConfig } from "./target-config.ts";

// One pure builder per kind of target: the exact request its service documents. The dispatcher posts it.

/** What a notification says, whatever carries it. */
export interface OutgoingMessage {
  event: NotificationDelivery["event"];
  title: string;
  body: string;
  /** The recording's watch page or the channel; "" when none. */
  url: string;
  /** When it happened (ISO). */
  at: string;
  /** The event-log entry's data (the JSON webhook carries it). */
  data: JsonObject;
  /** Stable across retries: receivers of the JSON webhook may deduplicate on it. */
  dedupeKey: string;
}

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export const USER_AGENT = "Replayd-Notifications/1";

/** Embed colours by event (Twitch purple for go-lives; green, red, amber for outcomes and warnings). */
const DISCORD_COLORS: Record<OutgoingMessage["event"], number> = {
  went_live: 0x9146ff,
  recording_started: 0x3498db,
  recording_finished: 0x2ecc71,
  recording_failed: 0xe74c3c,
  disk_low: 0xf39c12,
  eventsub_broken: 0xe67e22,
  test: 0x95a5a6,
};

/** ntfy tags (emoji short codes) shown before the title, by event. */
const NTFY_TAGS: Record<OutgoingMessage["event"], string> = {
  went_live: "red_circle",
  recording_started: "movie_camera",
  recording_finished: "white_check_mark",
  recording_failed: "x",
  disk_low: "floppy_disk",
  eventsub_broken: "rotating_light",
  test: "bell",
};

export function buildRequest(config: TargetConfig, message: OutgoingMessage, now: Date): OutgoingRequest {
  switch (config.kind) {
    case "discord":
      return discordRequest(config, message);
    case "ntfy":
      return ntfyRequest(config, message);
    case "telegram":
      return telegramRequest(config, message);
    case "gotify":
      return gotifyRequest(config, message);
    case "webhook":
      return webhookRequest(config, message, now);
  }
}

const json = (extra: Record<string, string> = {}) => ({
  "Content-Type": "application/json",
  "User-Agent": USER_AGENT,
  ...extra,
});

/** Execute Webhook: one rich embed (title ≤ 256, description ≤ 4096, the whole ≤ 6000 characters). */
function discordRequest(config: Extract<TargetConfig, { kind: "discord" }>, m: OutgoingMessage) {
  const embed = {
    title: cut(m.title, 256),
    ...(m.body ? { description: cut(m.body, 4096) } : {}),
    color: DISCORD_COLORS[m.event],
    timestamp: m.at,
    ...(m.url ? { url: m.url } : {}),
  };
  const payload = { ...(config.username ? { username: config.username } : {}), embeds: [embed] };
  return { url: config.webhook_url, headers: json(), body: JSON.stringify(payload) };
}

/** Publish as HTTP: the body is the message, the rest in headers (non-ASCII header values RFC 2047 encoded). */
function ntfyRequest(config: Extract<TargetConfig, { kind: "ntfy" }>, m: OutgoingMessage) {
  const headers: Record<string, string> = {
    "Content-Type": "text/plain; charset=utf-8",
    "User-Agent": USER_AGENT,
    Title: headerValue(m.title),
    Priority: String(config.priority),
    Tags: [NTFY_TAGS[m.event], ...config.tags].join(","),
    ...(m.url ? { Click: m.url } : {}),
    ...(config.token ? { Authorization: `Bearer ${config.token}` } : {}),
  };
  // ntfy turns a message over 4,096 bytes into an attachment; an empty one reads "triggered".
  return { url: joinPath(config.server, config.topic), headers, body: cutBytes(m.body || m.title, 4096) };
}

/** sendMessage with HTML: the title in bold, everything escaped (4,096 characters once parsed). */
function telegramRequest(config: Extract<TargetConfig, { kind: "telegram" }>, m: OutgoingMessage) {
  const title = cut(m.title, 256);
  const body = cut(m.body, 4096 - title.length - 1);
  const text = body ? `<b>${escapeHtml(title)}</b>\n${escapeHtml(body)}` : `<b>${escapeHtml(title)}</b>`;
  const payload = {
    chat_id: config.chat_id,
    text,
    parse_mode: "HTML",
    disable_web_page_preview: !config.link_preview,
  };
  return {
    url: joinPath(config.api_base, `bot${config.bot_token}/sendMessage`),
    headers: json(),
    body: JSON.stringify(payload),
  };
}

/** POST /message with the application's token; a link opens on click in Gotify's apps. */
function gotifyRequest(config: Extract<TargetConfig, { kind: "gotify" }>, m: OutgoingMessage) {
  const payload = {
    title: m.title,
    message: m.body || m.title,
    priority: config.priority,
    ...(m.url ? { extras: { "client::notification": { click: { url: m.url } } } } : {}),
  };
  return {
    url: joinPath(config.server, "message"),
    headers: json({ "X-Gotify-Key": config.app_token }),
    body: JSON.stringify(payload),
  };
}

/** The generic JSON webhook, signed like the recording webhook when it has a secret. */
function webhookRequest(config: Extract<TargetConfig, { kind: "webhook" }>, m: OutgoingMessage, now: Date) {
  const body = JSON.stringify({ event: m.event, title: m.title, body: m.body, data: m.data, at: m.at });
  const headers = config.secret
    ? signedHeaders(config.secret, messageId(m.dedupeKey), `notification.${m.event}`, body, now)
    : json();
  return { url: config.url, headers, body };
}

/** The signed message's id: the same for every attempt at one delivery. */
export function messageId(dedupeKey: string): string {
  return createHash("sha256").update(`notification/v1\n${dedupeKey}`).digest("hex").slice(0, 32);
}

/** `base` + "/" + `path`, keeping a base's own path (a server behind a reverse proxy at /ntfy). */
export function joinPath(base: string, path: string): string {
  return `${base.trim().replace(/\/+$/, "")}/${path}`;
}

/**
 * A header value as ntfy reads it: printable ASCII as is, anything else as RFC 2047 encoded words
 * (`=?UTF-8?B?…?=`, each under 75 characters, split between characters). Line breaks become spaces.
 */
export function headerValue(text: string): string {
  const flat = text.replace(/[\r\n\t]+/g, " ").trim();
  if (/^[\x20-\x7e]*$/.test(flat)) return flat;
  const words: string[] = [];
  let chunk = "";
  for (const ch of flat) {
    // 45 bytes encode to 60 base64 characters: with "=?UTF-8?B?" and "?=", 72.
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = "";
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString("base64")}?=`).join(" ");
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** At most `max` characters (code points), an ellipsis marking the cut. */
export function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/** At most `max` UTF-8 bytes, cut between characters. */
function cutBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = "";
  for (const ch of text) {
    if (Buffer.byteLength(`${out + ch}…`) > max) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * Telegram says how long to wait inside its 429 answer (`{"parameters":{"retry_after":35}}`), not always in a
 * Retry-After header: the seconds as a Retry-After value, or null. Pure.
 */
export function telegramRetryAfter(body: string | undefined): string | null {
  if (!body) return null;
  try {
    const seconds = (JSON.parse(body) as { parameters?: { retry_after?: unknown } }).parameters?.retry_after;
    return typeof seconds === "number" && Number.isInteger(seconds) && seconds >= 0 ? String(seconds) : null;
  } catch {
    return null;
  }
}
