import { describe, expect, test } from "bun:test";
import type { RawChatLine } from "../domain/chat.ts";
import { RECENT_LINES, VideoChat } from "./video-chat.ts";

const T0 = 1_700_000_000_000;
let n = 0;
function line(atMs: number, extra: Partial<RawChatLine> = {}): RawChatLine {
  n++;
  return {
    msg_id: `m${n}`,
    kind: "message",
    sent_at_ms: atMs,
    user_id: "u1",
    user_login: "ana",
    display_name: "Ana",
    text: `hello ${n}`,
    raw: `@id=m${n} :ana!ana@ana.tmi.twitch.tv PRIVMSG #ana :hello ${n}`,
    ...extra,
  };
}

function chat(limits = { holdMs: 20_000, maxPending: 1000 }) {
  const c = new VideoChat(1, "ana", limits);
  const segment = (i: number) =>
    c.placed({ broadcastAtMs: T0 + i * 2000, seconds: 2, atSeconds: i * 2, recorded: true });
  return { c, segment };
}

describe("VideoChat", () => {
  test("a line waits until the recording reaches its time, then leaves placed", () => {
    const { c, segment } = chat();
    c.message(line(T0 + 3000), T0 + 3000);
    segment(0);
    expect(c.take(T0 + 4000).messages).toEqual([]);
    segment(1);
    const [placed] = c.take(T0 + 5000).messages;
    expect(placed?.offset_ms).toBe(3000);
    expect(c.waiting).toBe(0);
  });

  test("a deletion marks a waiting line, and goes to the database, where its line is, for a stored one", () => {
    const { c, segment } = chat();
    const stored = line(T0 + 500);
    const waiting = line(T0 + 5000);
    c.message(stored, T0 + 500);
    segment(0);
    expect(c.take(T0 + 2000).messages.map((m) => m.msg_id)).toEqual([stored.msg_id]);
    c.message(waiting, T0 + 5000);
    c.deleteMessage(stored.msg_id, T0 + 5100);
    c.deleteMessage(waiting.msg_id, T0 + 5100);
    c.deleteMessage("never-seen", T0 + 5100);
    segment(1);
    segment(2);
    const flush = c.take(T0 + 7000);
    expect(flush.deletions).toEqual([{ msg_id: stored.msg_id, offset_ms: 500 }]);
    expect(flush.messages).toMatchObject([{ msg_id: waiting.msg_id, deleted: true }]);
  });

  test("a line deleted while it waits is marked when it leaves, flushes later; its deletion marks no other", () => {
    const { c, segment } = chat();
    const early = line(T0 + 500);
    const late = line(T0 + 2500);
    c.message(early, T0 + 500);
    c.message(late, T0 + 2500);
    c.deleteMessage(late.msg_id, T0 + 2600);
    segment(0);
    expect(c.take(T0 + 2700).messages).toMatchObject([{ msg_id: early.msg_id, deleted: false }]);
    segment(1);
    expect(c.take(T0 + 4700).messages).toMatchObject([{ msg_id: late.msg_id, deleted: true }]);
    // The same id again later (Twitch never reuses one; a test can): the deletion was used up.
    c.message({ ...late, sent_at_ms: T0 + 4800 }, T0 + 4800);
    segment(2);
    expect(c.take(T0 + 6700).messages).toMatchObject([{ deleted: false }]);
  });

  test("a timeout marks the user's lines up to then: waiting ones at once, stored ones where they are", () => {
    const { c, segment } = chat();
    c.message(line(T0 + 50, { user_id: "bad" }), T0 + 50);
    segment(0);
    const stored = c.take(T0 + 2000).messages[0];
    c.message(line(T0 + 2100, { user_id: "bad" }), T0 + 2100);
    c.message(line(T0 + 2200, { user_id: "good" }), T0 + 2200);
    c.message(line(T0 + 2250, { user_id: "bad", kind: "sub" }), T0 + 2250);
    c.clearUser("bad", T0 + 2300);
    c.message(line(T0 + 2400, { user_id: "bad" }), T0 + 2400);
    segment(1);
    const flush = c.take(T0 + 5000);
    expect(flush.messages.map((m) => [m.user_id, m.kind, m.deleted])).toEqual([
      ["bad", "message", true],
      ["good", "message", false],
      ["bad", "sub", false],
      ["bad", "message", false],
    ]);
    expect(flush.deletions).toEqual([{ msg_id: stored?.msg_id ?? "", offset_ms: 50 }]);
  });

  test("only the last RECENT_LINES written lines can still be deleted (older ones stay as viewers saw them)", () => {
    const { c, segment } = chat({ holdMs: 20_000, maxPending: 10_000 });
    const first = line(T0 + 1);
    c.message(first, T0 + 1);
    for (let i = 0; i < RECENT_LINES; i++) c.message(line(T0 + 2 + i / 10), T0);
    segment(0);
    expect(c.take(T0 + 2000).messages).toHaveLength(RECENT_LINES + 1);
    c.deleteMessage(first.msg_id, T0 + 2050);
    expect(c.take(T0 + 2100).deletions).toEqual([]);
  });

  test("an outage is a gap placed where it started, as long as it lasted", () => {
    const { c, segment } = chat();
    for (const i of [0, 1, 2, 3]) segment(i);
    c.socketDown("disconnected", T0 + 2500);
    c.socketDown("reconnect", T0 + 2600);
    c.socketUp(T0 + 6500);
    expect(c.take(T0 + 7000).gaps).toEqual([
      {
        reason: "disconnected",
        started_at_ms: T0 + 2500,
        ended_at_ms: T0 + 6500,
        duration_ms: 4000,
        offset_ms: 2500,
      },
    ]);
  });

  test("a line that waited longer than holdMs goes where the broadcast would be (a stalled recording)", () => {
    const { c, segment } = chat();
    segment(0);
    c.message(line(T0 + 10_000), T0 + 10_000);
    expect(c.take(T0 + 20_000).messages).toEqual([]);
    expect(c.take(T0 + 30_001).messages[0]?.offset_ms).toBe(10_000);
  });

  test("the final flush takes everything: lines past the end at the end, an open outage closed", () => {
    const { c, segment } = chat();
    segment(0);
    c.socketDown("disconnected", T0 + 1000);
    c.message(line(T0 + 60_000), T0 + 60_000);
    const flush = c.take(T0 + 61_000, true);
    expect(flush.messages[0]?.offset_ms).toBe(2000);
    expect(flush.gaps).toMatchObject([{ reason: "disconnected", offset_ms: 1000, duration_ms: 60_000 }]);
  });

  test("a flush the database refused is written first next time, with the offsets it had", () => {
    const { c, segment } = chat();
    segment(0);
    c.message(line(T0 + 500), T0 + 500);
    const failed = c.take(T0 + 2000);
    expect(failed.retry).toBe(false);
    expect(c.putBack(failed)).toBe(0);
    segment(1);
    c.message(line(T0 + 2500), T0 + 2500);
    // Marked as a retry: the first try may have landed after all, so stored lines are skipped.
    const again = c.take(T0 + 4000);
    expect(again.messages.map((m) => m.offset_ms)).toEqual([500, 2500]);
    expect(again.retry).toBe(true);
    expect(c.take(T0 + 5000).retry).toBe(false);
  });

  test("memory stays bounded: past maxPending the oldest waiting line is dropped", () => {
    const { c } = chat({ holdMs: 20_000, maxPending: 2 });
    expect([1, 2, 3].map((i) => c.message(line(T0 + i), T0))).toEqual([true, true, false]);
    expect(c.waiting).toBe(2);
  });
});
