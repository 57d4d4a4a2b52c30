import { describe, expect, it } from "vitest";
import { b64, bearer, call, notification, ORIGIN, post, subscribe, token, unb64 } from "./support.ts";

const challenge = (tok: string, value: string) =>
  post(tok, JSON.stringify({ challenge: value }), {
    "Twitch-Eventsub-Message-Type": "webhook_callback_verification",
    "Twitch-Eventsub-Message-Id": "verify-1",
  });

describe("endpoints", () => {
  it("answers /health and / and nothing else", async () => {
    expect(await (await call(new Request(`${ORIGIN}/health`))).text()).toBe("ok\n");
    expect((await call(new Request(`${ORIGIN}/`))).status).toBe(200);
    expect((await call(new Request(`${ORIGIN}/anything/else`))).status).toBe(404);
    expect((await call(new Request(`${ORIGIN}/u/${await token()}`))).status).toBe(405);
  });

  it("subscribe with its key but without a WebSocket upgrade is 426", async () => {
    const tok = await token();
    const res = await call(new Request(`${ORIGIN}/u/${tok}/subscribe`, { headers: await bearer(tok) }));
    expect(res.status).toBe(426);
  });
});

describe("notifications", () => {
  it("are accepted with 202 and broadcast to every subscriber, headers lowercased, body base64", async () => {
    const tok = await token();
    const a = await subscribe(tok);
    const b = await subscribe(tok);
    const res = await post(tok, '{"hello":"world"}', {
      "Twitch-Eventsub-Message-Type": "notification",
      "Twitch-Eventsub-Message-Id": "abc",
      "Twitch-Eventsub-Message-Signature": "sha256=00",
    });
    expect(res.status).toBe(202);
    for (const sub of [a, b]) {
      const frame = await sub.frame(1);
      expect(frame.cursor).toBe(1);
      expect(frame.requires_response).toBe(false);
      expect(frame.headers["twitch-eventsub-message-id"]).toBe("abc");
      expect(frame.headers["twitch-eventsub-message-signature"]).toBe("sha256=00");
      expect(unb64(frame.body)).toBe('{"hello":"world"}');
    }
  });

  it("with nobody connected are kept and replayed to the first subscriber, in order", async () => {
    const tok = await token();
    const res = await notification(tok, 1);
    expect(res.status).toBe(202);
    expect(await res.text()).toContain("no subscriber");
    await notification(tok, 2);
    const sub = await subscribe(tok);
    expect((await sub.frame(2)).cursor).toBe(2);
    expect(sub.frames.map((f) => JSON.parse(unb64(f.body)).n)).toEqual([1, 2]);
  });

  it("replay resumes after the cursor the subscriber sends, without re-sending older events", async () => {
    const tok = await token();
    for (const n of [1, 2, 3, 4]) await notification(tok, n);
    const sub = await subscribe(tok, 2);
    await sub.frame(2);
    expect(sub.frames.map((f) => f.cursor)).toEqual([3, 4]);
    await notification(tok, 5);
    expect((await sub.frame(3)).cursor).toBe(5);
  });

  it("a cursor beyond anything the buffer assigned (a wiped buffer) replays everything", async () => {
    const tok = await token();
    await notification(tok, 1);
    const sub = await subscribe(tok, 9999);
    expect((await sub.frame(1)).cursor).toBe(1);
  });

  it("a failed dispatch_result closes that subscriber with 1011 so it replays from its cursor", async () => {
    const tok = await token();
    const sub = await subscribe(tok);
    await notification(tok, 1);
    const frame = await sub.frame(1);
    sub.reply({ id: frame.id, status: 500 });
    expect(await sub.closed).toEqual({ code: 1011, reason: "dispatch failed" });
  });

  it("a successful dispatch_result (2xx or 3xx) keeps the subscriber", async () => {
    const tok = await token();
    const sub = await subscribe(tok);
    await notification(tok, 1);
    sub.reply({ id: (await sub.frame(1)).id, status: 204 });
    await notification(tok, 2);
    sub.reply({ id: (await sub.frame(2)).id, status: 302 });
    await notification(tok, 3);
    expect((await sub.frame(3)).cursor).toBe(3);
  });
});

describe("verification challenges", () => {
  it("round-trip synchronously through one subscriber; they are never buffered", async () => {
    const tok = await token();
    const sub = await subscribe(tok);
    const answer = challenge(tok, "abc123");
    const frame = await sub.frame(1);
    expect(frame.requires_response).toBe(true);
    expect(frame.cursor).toBe(0);
    sub.reply({
      id: frame.id,
      status: 200,
      headers: { "content-type": "text/plain", connection: "close", "bad name": "x" },
      body: b64(JSON.parse(unb64(frame.body)).challenge),
    });
    const res = await answer;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("abc123");
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(res.headers.get("connection")).toBeNull();

    const late = await subscribe(tok);
    await notification(tok, 1);
    expect((await late.frame(1)).cursor).toBe(1);
  });

  it("with no subscriber are 503", async () => {
    const res = await challenge(await token(), "x");
    expect(res.status).toBe(503);
  });

  it("only the subscriber the challenge went to may answer it", async () => {
    const tok = await token();
    const a = await subscribe(tok);
    const b = await subscribe(tok);
    const answer = challenge(tok, "mine");
    await new Promise((r) => setTimeout(r, 100));
    const [chosen, other] = a.frames.length === 1 ? [a, b] : [b, a];
    const frame = await chosen.frame(1);
    other.reply({ id: frame.id, status: 418, body: b64("wrong socket") });
    chosen.reply({ id: frame.id, status: 200, body: b64("mine") });
    const res = await answer;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("mine");
  });

  it("time out with 503 when the subscriber never answers", async () => {
    const tok = await token();
    const sub = await subscribe(tok);
    const started = Date.now();
    const res = await challenge(tok, "x");
    expect(res.status).toBe(503);
    expect(await res.text()).toBe("relay dispatch timeout");
    expect(Date.now() - started).toBeLessThan(3000);
    expect(sub.frames).toHaveLength(1);
  });

  it("answer 503 when the subscriber disconnects before answering", async () => {
    const tok = await token();
    const sub = await subscribe(tok);
    const answer = challenge(tok, "x");
    await sub.frame(1);
    sub.socket.close(1000, "bye");
    const res = await answer;
    expect(res.status).toBe(503);
    expect(await res.text()).toBe("relay subscriber disconnected");
  });

  it.each([
    ["a status outside 200-599", { status: 101, body: b64("x") }, 502],
    ["malformed base64", { status: 200, body: "%%%" }, 502],
    ["a 204 (no body sent)", { status: 204, body: b64("ignored") }, 204],
  ])("map %s to the right HTTP answer", async (_name, result, status) => {
    const tok = await token();
    const sub = await subscribe(tok);
    const answer = challenge(tok, "x");
    sub.reply({ id: (await sub.frame(1)).id, ...result });
    const res = await answer;
    expect(res.status).toBe(status);
    if (status === 204) expect(await res.text()).toBe("");
  });
});
