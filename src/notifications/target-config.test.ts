import { describe, expect, test } from "bun:test";
import { secretSealer, TokenCipher } from "../auth/crypto.ts";
import {
  CONFIG_INPUT,
  configView,
  mergeConfig,
  openConfig,
  scrub,
  sealConfig,
  type TargetConfig,
} from "./target-config.ts";

const TOKEN = "123456789:AAH-telegram-token-0123456789abcdef";
const parse = (input: unknown) => CONFIG_INPUT.parse(input);

describe("what the owner types, over what is stored", () => {
  const storedTelegram: TargetConfig = {
    kind: "telegram",
    api_base: "https://api.telegram.org",
    bot_token: TOKEN,
    chat_id: "42",
    link_preview: false,
  };
  const storedNtfy: TargetConfig = {
    kind: "ntfy",
    server: "https://ntfy.sh",
    topic: "a",
    token: "tk_old",
    priority: 3,
    tags: [],
  };
  const cases: [string, unknown, TargetConfig | null, TargetConfig | string][] = [
    [
      "a new target with its secret, defaults filled",
      { kind: "telegram", bot_token: TOKEN, chat_id: "@my_channel" },
      null,
      {
        kind: "telegram",
        api_base: "https://api.telegram.org",
        bot_token: TOKEN,
        chat_id: "@my_channel",
        link_preview: false,
      },
    ],
    [
      "a new target without its secret",
      { kind: "telegram", chat_id: "42" },
      null,
      "config.bot_token: give the bot token @BotFather gave you",
    ],
    [
      "an empty secret keeps the stored one",
      { kind: "telegram", bot_token: "", chat_id: "7" },
      storedTelegram,
      { ...storedTelegram, chat_id: "7" },
    ],
    [
      "a left-out secret keeps it too",
      { kind: "telegram", chat_id: "7" },
      storedTelegram,
      { ...storedTelegram, chat_id: "7" },
    ],
    [
      "a new secret replaces it",
      { kind: "ntfy", topic: "a", token: "tk_new" },
      storedNtfy,
      { ...storedNtfy, token: "tk_new" },
    ],
    [
      "null removes an optional secret",
      { kind: "ntfy", topic: "a", token: null },
      storedNtfy,
      { kind: "ntfy", server: "https://ntfy.sh", topic: "a", priority: 3, tags: [] },
    ],
    [
      "a Discord target needs its webhook URL",
      { kind: "discord" },
      null,
      "config.webhook_url: give the webhook URL Discord shows under Integrations → Webhooks",
    ],
    [
      "a Gotify target needs its application token",
      { kind: "gotify", server: "https://gotify.example" },
      null,
      "config.app_token: give the token of the Gotify application (Apps → Create Application)",
    ],
  ];
  test.each(cases)("%s", (_name, input, stored, expected) => {
    const merged = mergeConfig(parse(input), stored);
    if (typeof expected === "string") expect(merged).toEqual({ problem: expected });
    else expect(merged).toEqual({ config: expected });
  });

  test.each([
    ["a topic with a slash", { kind: "ntfy", topic: "a/b" }, ["topic"], "a topic is 1 to 64 letters"],
    [
      "a Discord name Discord refuses",
      { kind: "discord", username: "My Discord bot" },
      ["username"],
      'containing "discord"',
    ],
    [
      "a bot token of the wrong form",
      { kind: "telegram", bot_token: "nope", chat_id: "1" },
      ["bot_token"],
      "@BotFather",
    ],
    [
      "a chat that is neither id nor @name",
      { kind: "telegram", chat_id: "my chat" },
      ["chat_id"],
      "a chat id is a number",
    ],
    [
      "a server with a password in it",
      { kind: "gotify", server: "https://u:p@g.example" },
      ["server"],
      "user name or password",
    ],
    ["a field another kind has", { kind: "ntfy", topic: "a", chat_id: "1" }, [], "chat_id"],
    [
      "a short signing secret",
      { kind: "webhook", url: "https://h.example", secret: "short" },
      ["secret"],
      "at least 16",
    ],
  ])("refused: %s", (_name, input, path, message) => {
    const result = CONFIG_INPUT.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path).toEqual(path);
    expect(result.error?.issues.map((i) => i.message).join("; ")).toContain(message);
  });
});

describe("what the API shows", () => {
  test.each<[string, TargetConfig, Record<string, unknown>]>([
    [
      "discord",
      { kind: "discord", webhook_url: "https://discord.com/api/webhooks/1/secret", username: "r" },
      { kind: "discord", username: "r", has_webhook_url: true },
    ],
    [
      "ntfy",
      { kind: "ntfy", server: "https://ntfy.sh", topic: "a", priority: 3, tags: ["x"] },
      { kind: "ntfy", server: "https://ntfy.sh", topic: "a", priority: 3, tags: ["x"], has_token: false },
    ],
    [
      "webhook",
      { kind: "webhook", url: "https://h.example/x?key=secret", secret: "s".repeat(16) },
      { kind: "webhook", has_url: true, has_secret: true },
    ],
    [
      "gotify",
      { kind: "gotify", server: "https://g.example", app_token: "AbC", priority: 5 },
      { kind: "gotify", server: "https://g.example", priority: 5, has_app_token: true },
    ],
  ])("%s: secrets replaced by has_<field>", (_kind, config, view) => {
    expect(configView(config)).toEqual(view as ReturnType<typeof configView>);
  });

  test("secrets are scrubbed from any text", () => {
    expect(scrub(`connect failed: https://api.telegram.org/bot${TOKEN}/sendMessage`, [TOKEN])).toBe(
      "connect failed: https://api.telegram.org/bot[redacted]/sendMessage",
    );
  });
});

test("the stored config is sealed, opens with the same key only, and is checked when read", () => {
  const sealer = secretSealer(new TokenCipher("a-session-secret-of-at-least-32-characters"), "test");
  const other = secretSealer(new TokenCipher("another-session-secret-of-32-characters!"), "test");
  const config: TargetConfig = { kind: "gotify", server: "https://g.example", app_token: "AbC", priority: 5 };
  const sealed = sealConfig(sealer, config);
  expect(sealed).not.toContain("AbC");
  expect(openConfig(sealer, { kind: "gotify", config: sealed })).toEqual(config);
  expect(openConfig(other, { kind: "gotify", config: sealed })).toBeNull();
  // Read as another kind, the settings do not fit: unreadable rather than half-used.
  expect(openConfig(sealer, { kind: "telegram", config: sealed })).toBeNull();
});
