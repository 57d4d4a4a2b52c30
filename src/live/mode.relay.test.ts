import { expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../config/index.ts";
import type { ServerSettings } from "../domain/ops.ts";
import { resolveLiveSetup } from "./mode.ts";

const TOKEN = "abcdefghijklmnop_1234";
const settings = { server_mode: null } as ServerSettings;
const setupFor = (env: Record<string, string>, simulated: boolean) =>
  resolveLiveSetup(
    loadConfig({
      env: {
        TWITCH_CLIENT_ID: "id",
        TWITCH_CLIENT_SECRET: "s",
        RELAY_SUBSCRIBE_KEY: "gkJ8lpCGM6E-OB3VDpGhJn5QqH672Ex2blwMn8rA9tM",
        ...env,
      },
      cwd: mkdtempSync(join(tmpdir(), "mode-")),
    }),
    settings,
    simulated,
  ).setup;

test.each([
  ["a public https relay", { RELAY_INGEST_URL: `https://relay.example.com/u/${TOKEN}` }, false],
  ["a loopback relay with the simulator", { RELAY_INGEST_URL: `http://127.0.0.1:8788/u/${TOKEN}` }, true],
])("relay mode with %s: EventSub's callback is the ingest URL", (_name, env, simulated) => {
  const setup = setupFor({ SERVER_MODE: "relay", ...env }, simulated);
  expect(setup.mode).toBe("relay");
  expect(setup.callback).toBe(env.RELAY_INGEST_URL);
  expect(setup.relay?.subscribe).toContain(`/u/${TOKEN}/subscribe`);
});

test.each([
  ["no ingest URL", {}, false, /RELAY_INGEST_URL/],
  [
    "a loopback relay without the simulator",
    { RELAY_INGEST_URL: `http://127.0.0.1:8788/u/${TOKEN}` },
    false,
    /RELAY_INGEST_URL .*https/,
  ],
  [
    "a subscribe URL on another host",
    {
      RELAY_INGEST_URL: `https://relay.example.com/u/${TOKEN}`,
      RELAY_SUBSCRIBE_URL: `wss://other.example.com/u/${TOKEN}/subscribe`,
    },
    false,
    /RELAY_SUBSCRIBE_URL/,
  ],
  [
    "a public local callback",
    {
      RELAY_INGEST_URL: `https://relay.example.com/u/${TOKEN}`,
      RELAY_LOCAL_CALLBACK_URL: "https://me.example.com/api/v1/webhook/callback",
    },
    false,
    /RELAY_LOCAL_CALLBACK_URL/,
  ],
])("relay mode refuses %s, naming the variable", (_name, env, simulated, message) => {
  expect(() => setupFor({ SERVER_MODE: "relay", ...env }, simulated)).toThrow(message);
});
