import { describe, expect, test } from "bun:test";
import { FakeClock } from "../../tests/fakes/clock.ts";
import { Bus } from "../bus/bus.ts";
import type { RawChatLine } from "../domain/chat.ts";
import { createLogger } from "../log/logger.ts";
import type { RecorderEvents } from "../recorder/events.ts";
import { ChatCapture, type ChatCaptureStore } from "./chat-capture.service.ts";
import type { ChatFlush } from "./video-chat.ts";

const quiet = createLogger({ level: "fatal", format: "json" });
const STARTED = {
  broadcaster_id: "b",
  login: "ana",
  display_name: "Ana",
  title: "",
  quality: "source",
  schedule_id: null,
  resumed: false,
};
const FINISHED = { outcome: "finished", broadcaster_id: "b", error: null, partial: false } as const;

/** The database as capture sees it, in memory; `failures` makes the next writes throw. */
class MemoryStore implements ChatCaptureStore {
  readonly written = new Map<number, ChatFlush[]>();
  failures = 0;
  constructor(
    private readonly targets: Record<number, { login: string; record_chat: boolean }>,
    private readonly last: Record<number, number> = {},
  ) {}
  async target(videoId: number) {
    return this.targets[videoId] ?? null;
  }
  async lastLine(videoId: number) {
    const sent = this.last[videoId];
    return sent === undefined ? null : { sent_at_ms: sent, offset_ms: 0 };
  }
  async write(videoId: number, flush: ChatFlush) {
    if (this.failures > 0) {
      this.failures--;
      throw new Error("database away");
    }
    this.written.set(videoId, [...(this.written.get(videoId) ?? []), flush]);
  }
  lines(videoId: number) {
    return (this.written.get(videoId) ?? []).flatMap((f) => f.messages);
  }
  gaps(videoId: number) {
    return (this.written.get(videoId) ?? []).flatMap((f) => f.gaps);
  }
}

function world(targets: ConstructorParameters<typeof MemoryStore>[0], last?: Record<number, number>) {
  const clock = new FakeClock();
  const bus = new Bus<RecorderEvents>();
  const store = new MemoryStore(targets, last);
  const socket = { joins: [] as string[], parts: [] as string[] };
  const capture = new ChatCapture({
    store,
    socket: { join: (l) => socket.joins.push(l), part: (l) => socket.parts.push(l) },
    bus,
    clock,
    log: quiet,
  });
  capture.start();
  const T0 = clock.now();
  let segments = 0;
  const segment = (videoId: number) => {
    bus.emit("recording.placed", {
      job_id: `j${videoId}`,
      video_id: videoId,
      broadcastAtMs: T0 + segments * 2000,
      seconds: 2,
      atSeconds: segments * 2,
      recorded: true,
    });
    segments++;
  };
  let n = 0;
  const say = (login: string, atMs: number): RawChatLine => {
    const line: RawChatLine = {
      msg_id: `m${++n}`,
      kind: "message",
      sent_at_ms: atMs,
      user_id: "u",
      user_login: "ana",
      display_name: "Ana",
      text: `line ${n}`,
      raw: `@id=m${n} :ana!ana@ana.tmi.twitch.tv PRIVMSG #${login} :line ${n}`,
    };
    capture.event(login, { type: "line", line }, atMs);
    return line;
  };
  const started = async (videoId: number) => {
    bus.emit("recording.started", { ...STARTED, job_id: `j${videoId}`, video_id: videoId });
    await clock.runUntil(() => capture.capturing.includes(videoId) && socket.joins.length > 0);
  };
  return { clock, bus, store, socket, capture, T0, segment, say, started };
}

describe("ChatCapture", () => {
  test("joins when the recording starts, writes placed lines about once a second, leaves when it is done", async () => {
    const w = world({ 1: { login: "ana", record_chat: true } });
    await w.started(1);
    expect(w.socket.joins).toEqual(["ana"]);
    const first = w.say("ana", w.T0 + 500);
    w.say("someone_else", w.T0 + 600);
    w.segment(1);
    await w.clock.runUntil(() => w.store.lines(1).length === 1);
    expect(w.store.lines(1)).toMatchObject([{ msg_id: first.msg_id, offset_ms: 500 }]);
    const late = w.say("ana", w.T0 + 9000);
    w.bus.emit("recording.finished", { ...FINISHED, job_id: "j1", video_id: 1 });
    await w.clock.runUntil(() => w.store.lines(1).length === 2);
    // Past the end of what was recorded: at the end.
    expect(w.store.lines(1)[1]).toMatchObject({ msg_id: late.msg_id, offset_ms: 2000 });
    expect(w.socket.parts).toEqual(["ana"]);
    expect(w.capture.capturing).toEqual([]);
    // Nothing left ticking once no chat is captured.
    expect(w.clock.pending()).toEqual([]);
  });

  test("a schedule without chat: the channel is never joined", async () => {
    const w = world({ 1: { login: "ana", record_chat: false } });
    w.bus.emit("recording.started", { ...STARTED, job_id: "j1", video_id: 1 });
    await w.clock.runUntil(() => w.capture.capturing.length === 0);
    w.say("ana", w.T0);
    await w.clock.advance(5000);
    expect(w.socket.joins).toEqual([]);
    expect(w.store.written.size).toBe(0);
  });

  test("a recording resumed after a restart has a restart gap from its last stored line", async () => {
    const w = world({ 1: { login: "ana", record_chat: true } }, { 1: Date.UTC(2026, 0, 1, 11, 59) });
    await w.started(1);
    w.segment(1);
    await w.clock.runUntil(() => w.store.gaps(1).length === 1);
    expect(w.store.gaps(1)[0]).toMatchObject({ reason: "restart", duration_ms: 60_000, offset_ms: 0 });
  });

  test("outages of the socket are gaps of the channels it carried", async () => {
    const w = world({ 1: { login: "ana", record_chat: true } });
    await w.started(1);
    for (let i = 0; i < 5; i++) w.segment(1);
    w.capture.down(["ana"], "reconnect", w.T0 + 3000);
    w.capture.up(["ana"], w.T0 + 4500);
    await w.clock.runUntil(() => w.store.gaps(1).length === 1);
    expect(w.store.gaps(1)[0]).toMatchObject({ reason: "reconnect", offset_ms: 3000, duration_ms: 1500 });
  });

  test("a write the database refuses is tried again: every line stored exactly once", async () => {
    const w = world({ 1: { login: "ana", record_chat: true } });
    await w.started(1);
    w.segment(1);
    w.store.failures = 3;
    const said = [w.say("ana", w.T0 + 100), w.say("ana", w.T0 + 200)];
    await w.clock.advance(2500);
    w.segment(1);
    said.push(w.say("ana", w.T0 + 2100));
    await w.clock.runUntil(() => w.store.lines(1).length >= 3);
    await w.clock.advance(3000);
    expect(w.store.lines(1).map((l) => l.msg_id)).toEqual(said.map((m) => m.msg_id));
  });

  test("two channels on one socket: each line goes to its channel's recording", async () => {
    const w = world({ 1: { login: "ana", record_chat: true }, 2: { login: "bob", record_chat: true } });
    await w.started(1);
    await w.started(2);
    expect(w.socket.joins).toEqual(["ana", "bob"]);
    w.segment(1);
    w.segment(2);
    const a = w.say("ana", w.T0 + 100);
    const b = w.say("bob", w.T0 + 100);
    await w.clock.runUntil(() => w.store.lines(1).length === 1 && w.store.lines(2).length === 1);
    expect(w.store.lines(1)[0]?.msg_id).toBe(a.msg_id);
    expect(w.store.lines(2)[0]?.msg_id).toBe(b.msg_id);
  });
});
