import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { RelayBuffer } from "../src/buffer.ts";
import { mintToken, subscribeKey } from "../src/mint.mjs";
import { b64, bearer, call, notification, ORIGIN, post, SECRET, subscribe, token, unb64 } from "./support.ts";

const stubOf = (tok: string) => env.RELAY.get(env.RELAY.idFromName(tok));
const rows = (tok: string) =>
  runInDurableObject(stubOf(tok), (_: RelayBuffer, state) =>
    Number(state.storage.sql.exec("SELECT count(*) AS n FROM events").one().n),
  );
const upgrade = (tok: string, headers: Record<string, string> = {}, query = "") =>
  call(
    new Request(`${ORIGIN}/u/${tok}/subscribe${query}`, { headers: { Upgrade: "websocket", ...headers } }),
  );
const challenge = (tok: string, value: string) =>
  post(tok, JSON.stringify({ challenge: value }), {
    "Twitch-Eventsub-Message-Type": "webhook_callback_verification",
    "Twitch-Eventsub-Message-Id": `verify-${value}`,
  });

describe("the deployment secret", () => {
  it("without RELAY_SECRET (or with a short one) the relay is closed: health says why, ingest and subscribe are 503", async () => {
    const tok = await token();
    for (const RELAY_SECRET of [undefined, "too-short"]) {
      const health = await call(new Request(`${ORIGIN}/health`), { RELAY_SECRET });
      expect(health.status).toBe(503);
      expect(await health.text()).toContain("wrangler secret put RELAY_SECRET");
      expect((await post(tok, "{}", {}, { RELAY_SECRET })).status).toBe(503);
      const res = await call(
        new Request(`${ORIGIN}/u/${tok}/subscribe`, {
          headers: { Upgrade: "websocket", ...(await bearer(tok)) },
        }),
        { RELAY_SECRET },
      );
      expect(res.status).toBe(503);
    }
    expect(await rows(tok)).toBe(0);
  });

  it("a made-up token (well-formed, not minted) is refused at ingest: 40 posts of 60 KB store nothing", async () => {
    const madeUp = "made_up_token_0123456789abcdefghijklmnop";
    const body = "x".repeat(60 * 1024);
    for (let i = 0; i < 40; i++) {
      const res = await post(madeUp, body, { "Twitch-Eventsub-Message-Type": "notification" });
      expect(res.status).toBe(403);
      expect(await res.text()).toBe("unknown relay token\n");
    }
    expect(await rows(madeUp)).toBe(0);
  });

  it("a token minted under another deployment's secret is unknown here", async () => {
    const foreign = await mintToken("another-deployment-secret-0123456789abcdef");
    expect((await notification(foreign, 1)).status).toBe(403);
    const res = await upgrade(foreign, {
      Authorization: `Bearer ${await subscribeKey("another-deployment-secret-0123456789abcdef", foreign)}`,
    });
    expect(res.status).toBe(403);
    expect(res.webSocket).toBeNull();
  });

  it("changing one character of a minted token makes it unknown", async () => {
    const tok = await token();
    const last = tok.at(-1) === "A" ? "B" : "A";
    expect((await notification(`${tok.slice(0, -1)}${last}`, 1)).status).toBe(403);
    expect((await notification(tok, 1)).status).toBe(202);
  });
});

describe("the subscribe key", () => {
  it("a subscriber without it, with the ingest token as bearer, with another token's key or with it in the query is refused 401", async () => {
    const tok = await token();
    const other = await token();
    const key = await subscribeKey(SECRET, tok);
    const attempts = [
      await upgrade(tok),
      await upgrade(tok, { Authorization: `Bearer ${tok}` }),
      await upgrade(tok, await bearer(other)),
      await upgrade(tok, { Authorization: `Basic ${key}` }),
      await upgrade(tok, {}, `?key=${key}&access_token=${key}`),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe("Bearer");
      expect(res.webSocket).toBeNull();
    }
  });

  it("only an authenticated subscriber receives events and answers challenges; an intruder gets neither", async () => {
    const tok = await token();
    const owner = await subscribe(tok);
    const intruder = await upgrade(tok, { Authorization: `Bearer ${tok}` });
    expect(intruder.status).toBe(401);

    const answer = challenge(tok, "genuine");
    const frame = await owner.frame(1);
    expect(frame.requires_response).toBe(true);
    owner.reply({ id: frame.id, status: 200, body: b64("genuine") });
    const res = await answer;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("genuine");
    await notification(tok, 7);
    expect(JSON.parse(unb64((await owner.frame(2)).body))).toEqual({ n: 7 });
  });

  it("the buffer itself refuses a WebSocket the front door did not authenticate", async () => {
    const tok = await token();
    const res = await stubOf(tok).fetch(
      new Request(`${ORIGIN}/u/${tok}/subscribe`, { headers: { Upgrade: "websocket" } }),
    );
    expect(res.status).toBe(403);
    expect(res.webSocket).toBeNull();
    // A caller cannot claim the front door's mark itself: it is overwritten, not trusted.
    const forged = await upgrade(tok, { "x-replayd-verified-subscriber": "1" });
    expect(forged.status).toBe(401);
  });
});

describe("per-token caps", () => {
  const lower = (tok: string, caps: { maxEvents?: number; maxBytes?: number; ingestPerMinute?: number }) =>
    runInDurableObject(stubOf(tok), (buffer: RelayBuffer) => {
      buffer.settings = { ...buffer.settings, ...caps };
    });
  const advance = (tok: string, ms: number) =>
    runInDurableObject(stubOf(tok), (buffer: RelayBuffer) => {
      const base = buffer.now;
      buffer.now = () => base() + ms;
    });

  it("posts beyond the rate are 429 with Retry-After until the allowance refills; other tokens are unaffected", async () => {
    const tok = await token();
    await lower(tok, { ingestPerMinute: 6 });
    for (let n = 1; n <= 6; n++) expect((await notification(tok, n)).status).toBe(202);
    const refused = await notification(tok, 7);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBe(10);
    expect((await notification(await token(), 1)).status).toBe(202);
    await advance(tok, 10_000);
    expect((await notification(tok, 8)).status).toBe(202);
    expect(await rows(tok)).toBe(7);
  });

  it("the buffer holds at most its count cap and its byte cap; the held events still replay", async () => {
    const counted = await token();
    await lower(counted, { maxEvents: 3 });
    for (let n = 1; n <= 3; n++) expect((await notification(counted, n)).status).toBe(202);
    const full = await notification(counted, 4);
    expect(full.status).toBe(429);
    expect(await full.text()).toContain("buffer full");
    expect(await rows(counted)).toBe(3);

    const sized = await token();
    await lower(sized, { maxBytes: 200 * 1024 });
    const big = "y".repeat(60 * 1024);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await post(sized, big, { "Twitch-Eventsub-Message-Type": "notification" })).status);
    // base64 makes 60 KB into 80 KB: two fit under 200 KiB, the rest are refused.
    expect(statuses).toEqual([202, 202, 429, 429, 429]);
    const sub = await subscribe(sized);
    await sub.frame(2);
    expect(sub.frames).toHaveLength(2);

    // Once the held events expire, there is room again.
    await advance(counted, 5 * 60_000 + 1);
    expect((await notification(counted, 5)).status).toBe(202);
  });
});
