import { describe, expect, test } from "bun:test";
import {
  buildModeInput,
  directBlocked,
  type ModeStatus,
  modeStatus,
  type SetupForm,
  type SetupState,
  type SetupSummary,
  setupSummary,
} from "./setup";

const state = (patch: Partial<SetupState> = {}): SetupState => ({
  mode: null,
  env_managed: false,
  setup_required: true,
  restart_required: false,
  webhook_callback_url: null,
  relay_ingest_url: null,
  relay_subscribe_key_set: false,
  direct_callback_url: null,
  active: { mode: null },
  ...patch,
});

describe("modeStatus", () => {
  test.each<[string, Parameters<typeof modeStatus>[0], SetupState, ModeStatus]>([
    [
      "the running and chosen mode is active",
      "poll",
      state({ mode: "poll", active: { mode: "poll" } }),
      "active",
    ],
    [
      "chosen, not yet running",
      "relay",
      state({ mode: "relay", active: { mode: "poll" } }),
      "pending_restart",
    ],
    [
      "running, replaced at the next restart",
      "poll",
      state({ mode: "relay", active: { mode: "poll" } }),
      "leaving",
    ],
    ["direct without any public address", "direct", state(), "needs_public_url"],
    [
      "direct with PUBLIC_BASE_URL",
      "direct",
      state({ direct_callback_url: "https://r.example/api/v1/webhook/callback" }),
      "available",
    ],
    [
      "direct with a saved callback",
      "direct",
      state({ webhook_callback_url: "https://x.example/cb" }),
      "available",
    ],
    ["off is always available", "off", state(), "available"],
  ])("%s", (_name, mode, s, expected) => {
    expect(modeStatus(mode, s)).toBe(expected);
  });
});

describe("setupSummary", () => {
  test.each<[string, SetupState, SetupSummary]>([
    ["nothing chosen", state(), "setup_required"],
    [
      "saved, waiting for restart",
      state({ mode: "poll", setup_required: false, restart_required: true }),
      "restart_required",
    ],
    ["running poll", state({ mode: "poll", setup_required: false, active: { mode: "poll" } }), "active"],
    ["running off", state({ mode: "off", setup_required: false, active: { mode: "off" } }), "off"],
  ])("%s", (_name, s, expected) => {
    expect(setupSummary(s)).toBe(expected);
  });
});

describe("buildModeInput", () => {
  const KEY = "gkJ8lpCGM6E-OB3VDpGhJn5QqH672Ex2blwMn8rA9tM";
  const form = (patch: Partial<SetupForm>): SetupForm => ({
    mode: "poll",
    callbackUrl: "",
    relayIngestUrl: "",
    relaySubscribeKey: "",
    ...patch,
  });
  const derived = "https://r.example/api/v1/webhook/callback";
  test.each<[string, SetupForm, string | null, unknown]>([
    [
      "poll sends only the mode",
      form({ mode: "poll", relayIngestUrl: "https://ignored" }),
      null,
      { ok: true, input: { mode: "poll" } },
    ],
    ["off sends only the mode", form({ mode: "off" }), null, { ok: true, input: { mode: "off" } }],
    [
      "direct with the derived callback",
      form({ mode: "direct" }),
      derived,
      { ok: true, input: { mode: "direct", webhook_callback_url: null } },
    ],
    [
      "direct with no public address and no callback",
      form({ mode: "direct" }),
      null,
      { ok: false, field: "callbackUrl", error: "callback_required" },
    ],
    [
      "direct with an explicit callback, trimmed",
      form({ mode: "direct", callbackUrl: "  https://me.example/cb " }),
      null,
      { ok: true, input: { mode: "direct", webhook_callback_url: "https://me.example/cb" } },
    ],
    [
      "direct with a malformed callback",
      form({ mode: "direct", callbackUrl: "me.example/cb" }),
      derived,
      { ok: false, field: "callbackUrl", error: "callback_invalid" },
    ],
    [
      "relay needs its ingest URL",
      form({ mode: "relay" }),
      derived,
      { ok: false, field: "relayIngestUrl", error: "relay_required" },
    ],
    [
      "relay rejects a non-web URL",
      form({ mode: "relay", relayIngestUrl: "ftp://relay.example/u/abc" }),
      null,
      { ok: false, field: "relayIngestUrl", error: "relay_invalid" },
    ],
    [
      "relay needs a subscribe key when none is saved",
      form({ mode: "relay", relayIngestUrl: "https://relay.example/u/abc" }),
      null,
      { ok: false, field: "relaySubscribeKey", error: "relay_key_required" },
    ],
    [
      "relay refuses the ingest token given as the key",
      form({ mode: "relay", relayIngestUrl: "https://relay.example/u/abc", relaySubscribeKey: "abc" }),
      null,
      { ok: false, field: "relaySubscribeKey", error: "relay_key_invalid" },
    ],
    [
      "relay sends the trimmed ingest URL and key",
      form({ mode: "relay", relayIngestUrl: " https://relay.example/u/abc ", relaySubscribeKey: ` ${KEY} ` }),
      null,
      {
        ok: true,
        input: { mode: "relay", relay_ingest_url: "https://relay.example/u/abc", relay_subscribe_key: KEY },
      },
    ],
  ])("%s", (_name, f, d, expected) => {
    expect(buildModeInput(f, d)).toEqual(expected as never);
  });

  test("relay with a saved key and nothing typed keeps the saved key (not sent)", () => {
    expect(
      buildModeInput(form({ mode: "relay", relayIngestUrl: "https://relay.example/u/abc" }), null, true),
    ).toEqual({
      ok: true,
      input: { mode: "relay", relay_ingest_url: "https://relay.example/u/abc" },
    });
  });
});

describe("directBlocked", () => {
  const derived = "https://r.example/api/v1/webhook/callback";
  test.each<[string, SetupForm["mode"], string, string | null, boolean]>([
    ["direct, nothing derived, nothing typed", "direct", "", null, true],
    ["direct, only spaces typed", "direct", "   ", null, true],
    ["direct with a derived address", "direct", "", derived, false],
    ["direct with a typed address", "direct", "https://me.example/cb", null, false],
    ["another mode", "poll", "", null, false],
  ])("%s → %p", (_name, mode, callbackUrl, d, blocked) => {
    expect(directBlocked({ mode, callbackUrl, relayIngestUrl: "", relaySubscribeKey: "" }, d)).toBe(blocked);
  });
});
