import { describe, expect, test } from "bun:test";
import { compose, emotesTag, SIM_EMOTES } from "./emotes.ts";
import { kindsInput, pickKind, weightsOf } from "./kinds.ts";
import { ChatLedger } from "./ledger.ts";
import type { ChatLine } from "./room.ts";

const [kappa, keepo] = SIM_EMOTES.filter((e) => e.name === "Kappa" || e.name === "Keepo");

describe("compose and emotesTag", () => {
  test.each([
    [["Kappa", "hi"], "Kappa hi", "25:0-4"],
    [["🔥", "Kappa"], "🔥 Kappa", "25:2-6"],
    [["👩‍💻", "Kappa", "Keepo", "Kappa"], "👩‍💻 Kappa Keepo Kappa", "25:4-8,16-20/1902:10-14"],
    [["café", "Keepo"], "café Keepo", "1902:5-9"],
    [["no", "emotes"], "no emotes", ""],
  ])("%j → %s with %s (code points)", (words, text, tag) => {
    const pieces = words.map((w) => (w === "Kappa" ? kappa : w === "Keepo" ? keepo : w)) as string[];
    const composed = compose(pieces);
    expect(composed.text).toBe(text);
    expect(emotesTag(composed.emotes)).toBe(tag);
  });
});

describe("kinds", () => {
  test.each([
    [{ message: 1, sub: 1 }, 0, "message"],
    [{ message: 1, sub: 1 }, 0.49, "message"],
    [{ message: 1, sub: 1 }, 0.5, "sub"],
    [{ message: 1, sub: 3 }, 0.3, "sub"],
    [{ message: 0, ban: 1 }, 0, "ban"],
    [{ message: 1, raid: 1 }, 0.999999, "raid"],
  ] as const)("%j at %d picks %s", (weights, draw, kind) => {
    expect(pickKind(weights, draw)).toBe(kind);
  });

  test("a list makes each kind equally likely; weights are taken as given; null is the realistic mix", () => {
    expect(weightsOf(kindsInput.parse(["sub", "raid"]))).toEqual({ sub: 1, raid: 1 });
    expect(weightsOf(kindsInput.parse({ sub: 2 }))).toEqual({ sub: 2 });
    expect(weightsOf(null).message).toBeGreaterThan(50);
  });
});

describe("ChatLedger", () => {
  const line = (i: number): ChatLine => ({
    kind: "message",
    id: `m${i}`,
    sent_at_ms: i,
    user_login: "someone",
    text: "hi",
    target_msg_id: null,
    tags: {},
    prefix: "",
    command: "PRIVMSG",
    params: [],
    trailing: "hi",
  });

  test("keeps the newest entries past its limit and pages over what it kept", () => {
    const ledger = new ChatLedger(10);
    for (let i = 1; i <= 25; i++) ledger.record(line(i), i % 2);
    expect(ledger.size).toBe(25);
    const all = ledger.page(0, 100);
    expect(all.entries.map((e) => e.seq)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(all.dropped).toBe(14);
    expect(all.next_since).toBeNull();
    const page = ledger.page(20, 3);
    expect(page.entries.map((e) => [e.seq, e.delivered_to])).toEqual([
      [21, 1],
      [22, 0],
      [23, 1],
    ]);
    expect(page.next_since).toBe(23);
  });
});
