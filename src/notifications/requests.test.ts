import { describe, expect, test } from "bun:test";
import { signatureMatches } from "../twitch/eventsub-signature.ts";
import {
  buildRequest,
  cut,
  headerValue,
  joinPath,
  messageId,
  type OutgoingMessage,
  telegramRetryAfter,
} from "./requests.ts";
import type { TargetConfig } from "./target-config.ts";

const NOW = new Date("2026-12-07T10:00:05.000Z");
const message: OutgoingMessage = {
  event: "went_live",
  title: "Speedy is live",
  body: "Any% attempts\nCeleste",
  url: "https://www.twitch.tv/speedy",
  at: "2026-12-07T10:00:00.000Z",
  data: { broadcaster_login: "speedy" },
  dedupeKey: "3:41",
};
const TOKEN = "123456789:AAH-telegram-token-0123456789abcdef";

// Each service's documented request, built from one message.
describe("requests as each service expects them", () => {
  const cases: [
    string,
    TargetConfig,
    Partial<OutgoingMessage>,
    { url: string; headers: object; body: unknown },
  ][] = [
    [
      "Discord: an embed, with the name chosen",
      { kind: "discord", webhook_url: "https://discord.com/api/webhooks/1/abc", username: "replayd" },
      {},
      {
        url: "https://discord.com/api/webhooks/1/abc",
        headers: { "Content-Type": "application/json" },
        body: {
          username: "replayd",
          embeds: [
            {
              title: "Speedy is live",
              description: "Any% attempts\nCeleste",
              color: 0x9146ff,
              timestamp: "2026-12-07T10:00:00.000Z",
              url: "https://www.twitch.tv/speedy",
            },
          ],
        },
      },
    ],
    [
      "Discord: no link, no body, no name",
      { kind: "discord", webhook_url: "https://discord.com/api/webhooks/1/abc" },
      { url: "", body: "", event: "disk_low" },
      {
        url: "https://discord.com/api/webhooks/1/abc",
        headers: {},
        body: {
          embeds: [{ title: "Speedy is live", color: 0xf39c12, timestamp: "2026-12-07T10:00:00.000Z" }],
        },
      },
    ],
    [
      "ntfy: the body is the text, the rest headers",
      {
        kind: "ntfy",
        server: "https://ntfy.example/",
        topic: "replayd",
        priority: 4,
        tags: ["tv"],
        token: "tk_1",
      },
      {},
      {
        url: "https://ntfy.example/replayd",
        headers: {
          "Content-Type": "text/plain; charset=utf-8",
          Title: "Speedy is live",
          Priority: "4",
          Tags: "red_circle,tv",
          Click: "https://www.twitch.tv/speedy",
          Authorization: "Bearer tk_1",
        },
        body: "Any% attempts\nCeleste",
      },
    ],
    [
      "ntfy: without a token or a link, and a server behind a path",
      { kind: "ntfy", server: "https://example.org/ntfy", topic: "t-1", priority: 3, tags: [] },
      { url: "" },
      {
        url: "https://example.org/ntfy/t-1",
        headers: { Title: "Speedy is live", Priority: "3", Tags: "red_circle" },
        body: "Any% attempts\nCeleste",
      },
    ],
    [
      "Telegram: the bot API path, HTML with the title in bold, escaped",
      {
        kind: "telegram",
        api_base: "https://api.telegram.org",
        bot_token: TOKEN,
        chat_id: "-1001234567890",
        link_preview: false,
      },
      { title: "Speedy <is> live", body: "Any% & more" },
      {
        url: `https://api.telegram.org/bot${TOKEN}/sendMessage`,
        headers: { "Content-Type": "application/json" },
        body: {
          chat_id: "-1001234567890",
          text: "<b>Speedy &lt;is&gt; live</b>\nAny% &amp; more",
          parse_mode: "HTML",
          disable_web_page_preview: true,
        },
      },
    ],
    [
      "Gotify: /message with the app token header and a click link",
      { kind: "gotify", server: "https://gotify.example", app_token: "AbCdEf", priority: 8 },
      {},
      {
        url: "https://gotify.example/message",
        headers: { "Content-Type": "application/json", "X-Gotify-Key": "AbCdEf" },
        body: {
          title: "Speedy is live",
          message: "Any% attempts\nCeleste",
          priority: 8,
          extras: { "client::notification": { click: { url: "https://www.twitch.tv/speedy" } } },
        },
      },
    ],
    [
      "JSON webhook without a secret: unsigned",
      { kind: "webhook", url: "https://hooks.example/n" },
      {},
      {
        url: "https://hooks.example/n",
        headers: { "Content-Type": "application/json" },
        body: {
          event: "went_live",
          title: "Speedy is live",
          body: "Any% attempts\nCeleste",
          data: { broadcaster_login: "speedy" },
          at: "2026-12-07T10:00:00.000Z",
        },
      },
    ],
  ];
  test.each(cases)("%s", (_name, config, change, expected) => {
    const built = buildRequest(config, { ...message, ...change }, NOW);
    expect(built.url).toBe(expected.url);
    expect(built.headers).toMatchObject(expected.headers);
    const body = built.headers["Content-Type"] === "application/json" ? JSON.parse(built.body) : built.body;
    expect(body).toEqual(expected.body);
  });

  test("the JSON webhook with a secret is signed like the recording webhook, one id for every attempt", () => {
    const config: TargetConfig = { kind: "webhook", url: "https://hooks.example/n", secret: "s".repeat(32) };
    const built = buildRequest(config, message, NOW);
    const h = built.headers;
    expect(h["Replayd-Webhook-Event"]).toBe("notification.went_live");
    expect(h["Replayd-Webhook-Id"]).toBe(messageId("3:41"));
    expect(h["Replayd-Webhook-Timestamp"]).toBe(NOW.toISOString());
    const verified = signatureMatches(
      "s".repeat(32),
      h["Replayd-Webhook-Id"] ?? "",
      h["Replayd-Webhook-Timestamp"] ?? "",
      built.body,
      h["Replayd-Webhook-Signature"] ?? "",
    );
    expect(verified).toBe(true);
  });

  test("long messages are cut to each service's limits", () => {
    const long = { ...message, title: "t".repeat(300), body: "b".repeat(5000) };
    const discord = JSON.parse(
      buildRequest({ kind: "discord", webhook_url: "https://d.example/x" }, long, NOW).body,
    );
    expect([...discord.embeds[0].title].length).toBe(256);
    expect([...discord.embeds[0].description].length).toBe(4096);
    const tg = buildRequest(
      { kind: "telegram", api_base: "https://t.example", bot_token: TOKEN, chat_id: "1", link_preview: true },
      long,
      NOW,
    );
    const text: string = JSON.parse(tg.body).text;
    expect(text.replace(/<\/?b>/g, "").length).toBeLessThanOrEqual(4096);
    expect(JSON.parse(tg.body).disable_web_page_preview).toBe(false);
    const ntfy = buildRequest(
      { kind: "ntfy", server: "https://n.example", topic: "t", priority: 3, tags: [] },
      long,
      NOW,
    );
    expect(Buffer.byteLength(ntfy.body)).toBeLessThanOrEqual(4096);
  });
});

describe("ntfy header values are ASCII", () => {
  test.each([
    ["ASCII as is", "Speedy is live", "Speedy is live"],
    ["line breaks become spaces", "Speedy\nis live", "Speedy is live"],
    ["UTF-8 as an encoded word", "Café ☕", "=?UTF-8?B?Q2Fmw6kg4piV?="],
  ])("%s", (_name, text, expected) => {
    expect(headerValue(text)).toBe(expected);
  });

  test("a long title is several encoded words, each under 76 characters, that decode to it", () => {
    const title = "Ünïcödé stream title with emoji 🎮🎮🎮 and more words to pass the limit of one word";
    const encoded = headerValue(title);
    const words = encoded.split(" ");
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) {
      expect(word.length).toBeLessThan(76);
      expect(word).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    }
    const decoded = words.map((w) => Buffer.from(w.slice(10, -2), "base64").toString("utf8")).join("");
    expect(decoded).toBe(title);
    expect(/^[\x20-\x7e]*$/.test(encoded)).toBe(true);
  });
});

test.each([
  ["https://n.example", "t", "https://n.example/t"],
  ["https://n.example///", "t", "https://n.example/t"],
  ["https://n.example/base/", "bot1:x/sendMessage", "https://n.example/base/bot1:x/sendMessage"],
])("joinPath(%p, %p)", (base, path, expected) => expect(joinPath(base, path)).toBe(expected));

test.each([
  ["short", 5, "short"],
  ["longer text", 5, "long…"],
  ["🎮🎮🎮", 2, "🎮…"],
])("cut(%p, %p)", (text, max, expected) => expect(cut(text, max)).toBe(expected));

test.each([
  [
    '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}}',
    "35",
  ],
  ['{"ok":false,"error_code":429}', null],
  ['{"parameters":{"retry_after":"soon"}}', null],
  ["<html>rate limited</html>", null],
  [undefined, null],
])("Telegram's wait in a 429 body: %s", (body, expected) => {
  expect(telegramRetryAfter(body)).toBe(expected);
});
