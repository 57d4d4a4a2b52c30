import { describe, expect, test } from "bun:test";
import { buildTargetInput, initialForm, type TargetForm, type TargetView, toggle } from "./target-form";

const saved: TargetView = {
  id: 3,
  name: "Phone",
  kind: "ntfy",
  enabled: false,
  events: ["went_live", "disk_low"],
  broadcaster_ids: ["41"],
  templates: { went_live: { title: "{channel}", body: "" } },
  config: {
    kind: "ntfy",
    server: "https://ntfy.example",
    topic: "alerts",
    priority: 4,
    tags: ["tv", "x"],
    has_token: true,
  },
  created_at: "",
  updated_at: "",
};

describe("the form over a target", () => {
  test("a new one starts with the service's defaults and went-live", () => {
    expect(initialForm("telegram")).toEqual({
      name: "",
      kind: "telegram",
      enabled: true,
      events: ["went_live"],
      broadcasterIds: [],
      templates: {},
      values: { bot_token: "", chat_id: "", api_base: "https://api.telegram.org", link_preview: false },
      stored: { bot_token: false },
      remove: {},
    });
  });

  test("a saved one shows its settings, and its secrets only as stored", () => {
    const form = initialForm("ntfy", saved);
    expect(form.values).toEqual({
      server: "https://ntfy.example",
      topic: "alerts",
      token: "",
      priority: "4",
      tags: "tv, x",
    });
    expect(form.stored).toEqual({ token: true });
    expect([form.enabled, form.events, form.broadcasterIds]).toEqual([
      false,
      ["went_live", "disk_low"],
      ["41"],
    ]);
  });
});

describe("the form → the procedure's input", () => {
  const form = (
    patch: Partial<TargetForm> & { set?: TargetForm["values"] } = {},
    base = initialForm("ntfy", saved),
  ) => {
    const { set, ...rest } = patch;
    return { ...base, ...rest, values: { ...base.values, ...set } };
  };
  const cases: [string, TargetForm, unknown][] = [
    [
      "an empty secret is left out (the stored one is kept); numbers and tags are typed",
      form(),
      {
        ok: true,
        input: {
          name: "Phone",
          enabled: false,
          events: ["went_live", "disk_low"],
          broadcaster_ids: ["41"],
          templates: { went_live: { title: "{channel}", body: "" } },
          config: {
            kind: "ntfy",
            server: "https://ntfy.example",
            topic: "alerts",
            priority: 4,
            tags: ["tv", "x"],
          },
        },
      },
    ],
    [
      "a secret marked for removal is sent as null",
      form({ remove: { token: true } }),
      { ok: true, input: expect.objectContaining({ config: expect.objectContaining({ token: null }) }) },
    ],
    [
      "a new secret is sent",
      form({ set: { token: " tk_new " } }),
      { ok: true, input: expect.objectContaining({ config: expect.objectContaining({ token: "tk_new" }) }) },
    ],
    [
      "events keep the server's order",
      form({ events: ["disk_low", "went_live"] }),
      { ok: true, input: expect.objectContaining({ events: ["went_live", "disk_low"] }) },
    ],
    [
      "a missing name, topic and a priority out of range",
      form({ name: " ", set: { topic: "", priority: "9" } }),
      { ok: false, errors: { name: "required", topic: "required", priority: "range" } },
    ],
    [
      "a new Discord target needs its webhook URL, a full one",
      { ...initialForm("discord"), name: "d" },
      { ok: false, errors: { webhook_url: "required" } },
    ],
    [
      "… and refuses one that is not a URL",
      {
        ...initialForm("discord"),
        name: "d",
        values: { webhook_url: "discord.com/api/webhooks/1/x", username: "" },
      },
      { ok: false, errors: { webhook_url: "invalidUrl" } },
    ],
    [
      "a checkbox is a boolean; an empty optional text is left out",
      {
        ...initialForm("telegram"),
        name: "tg",
        values: {
          bot_token: "1:abc",
          chat_id: "42",
          api_base: "https://api.telegram.org",
          link_preview: true,
        },
      },
      {
        ok: true,
        input: expect.objectContaining({
          config: {
            kind: "telegram",
            bot_token: "1:abc",
            chat_id: "42",
            api_base: "https://api.telegram.org",
            link_preview: true,
          },
        }),
      },
    ],
  ];
  test.each(cases)("%s", (_name, value, expected) => {
    expect(buildTargetInput(value)).toEqual(expected as ReturnType<typeof buildTargetInput>);
  });
});

test("toggle keeps the others", () => {
  expect(toggle(["a", "b"], "c", true)).toEqual(["a", "b", "c"]);
  expect(toggle(["a", "b"], "a", false)).toEqual(["b"]);
  expect(toggle(["a", "b"], "a", true)).toEqual(["b", "a"]);
});
