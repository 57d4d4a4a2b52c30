import { describe, expect, test } from "bun:test";
import { defaultLocalCallback, redactToken, resolveRelayUrls } from "./relay-urls.ts";

const TOKEN = "abcdefghijklmnop_1234";
const INGEST = `https://relay.example.com/u/${TOKEN}`;
const KEY = "gkJ8lpCGM6E-OB3VDpGhJn5QqH672Ex2blwMn8rA9tM";

describe("relay URLs", () => {
  test.each([
    ["derived subscribe URL", { ingest: INGEST }, `wss://relay.example.com/u/${TOKEN}/subscribe`, null],
    [
      "explicit subscribe URL",
      { ingest: INGEST, subscribe: `wss://relay.example.com/u/${TOKEN}/subscribe` },
      `wss://relay.example.com/u/${TOKEN}/subscribe`,
      null,
    ],
    [
      "a relay on loopback may use ws://",
      { ingest: `http://127.0.0.1:8788/u/${TOKEN}` },
      `ws://127.0.0.1:8788/u/${TOKEN}/subscribe`,
      null,
    ],
    [
      "a loopback local callback",
      { ingest: INGEST, local: "http://localhost:9000/api/v1/webhook/callback" },
      `wss://relay.example.com/u/${TOKEN}/subscribe`,
      "http://localhost:9000/api/v1/webhook/callback",
    ],
  ])("%s", (_name, input, subscribe, local) => {
    const urls = resolveRelayUrls({ subscribe: "", local: "", subscribeKey: KEY, ...input });
    expect(urls.subscribe).toBe(subscribe);
    expect(urls.localCallback).toBe(local);
    expect(urls.key).not.toContain(TOKEN);
  });

  test.each([
    ["no ingest URL", { ingest: "" }, "RELAY_INGEST_URL"],
    ["not a URL", { ingest: "relay" }, "RELAY_INGEST_URL is not a URL"],
    ["no token", { ingest: "https://relay.example.com/" }, "/u/<token>"],
    ["a malformed token", { ingest: "https://relay.example.com/u/short" }, "16-128"],
    [
      "plain ws:// to a public relay",
      { ingest: INGEST, subscribe: `ws://relay.example.com/u/${TOKEN}/subscribe` },
      "wss://",
    ],
    [
      "another host",
      { ingest: INGEST, subscribe: `wss://evil.example.com/u/${TOKEN}/subscribe` },
      "same token",
    ],
    [
      "another token",
      { ingest: INGEST, subscribe: "wss://relay.example.com/u/zzzzzzzzzzzzzzzzzzzz/subscribe" },
      "same token",
    ],
    [
      "a non-loopback local callback",
      { ingest: INGEST, local: "http://192.168.1.4:8080/api/v1/webhook/callback" },
      "loopback",
    ],
    [
      "a local callback on another path",
      { ingest: INGEST, local: "http://127.0.0.1:8080/other" },
      "/api/v1/webhook/callback",
    ],
    ["no subscribe key", { ingest: INGEST, subscribeKey: "" }, "RELAY_SUBSCRIBE_KEY is missing"],
    [
      "the ingest token given as the subscribe key",
      { ingest: INGEST, subscribeKey: TOKEN },
      "RELAY_SUBSCRIBE_KEY is not a relay subscribe key",
    ],
  ])("refuses %s", (_name, input, message) => {
    expect(() => resolveRelayUrls({ subscribe: "", local: "", subscribeKey: KEY, ...input })).toThrow(
      message,
    );
  });

  test.each([
    ["http://0.0.0.0:8080", "http://127.0.0.1:8080/api/v1/webhook/callback"],
    ["http://127.0.0.1:4321", "http://127.0.0.1:4321/api/v1/webhook/callback"],
  ])("the default local callback for a server on %s", (server, expected) => {
    expect(defaultLocalCallback(server)).toBe(expected);
  });

  test("a server bound to a LAN address has no loopback callback", () => {
    expect(() => defaultLocalCallback("http://192.168.1.4:8080")).toThrow("RELAY_LOCAL_CALLBACK_URL");
  });

  test("tokens are redacted for logs", () => {
    expect(redactToken(`wss://relay.example.com/u/${TOKEN}/subscribe`)).toBe(
      "wss://relay.example.com/u/REDACTED/subscribe",
    );
  });
});
