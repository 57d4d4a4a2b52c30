import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import type { RelayBuffer } from "../src/buffer.ts";
import { bearer, call, notification, ORIGIN, post, subscribe, token, unb64 } from "./support.ts";

const rows = (tok: string) =>
  runInDurableObject(env.RELAY.get(env.RELAY.idFromName(tok)), (_: RelayBuffer, state) =>
    Number(state.storage.sql.exec("SELECT count(*) AS n FROM events").one().n),
  );

describe("body size", () => {
  it("a 100 KiB body is refused with 413 and nothing is buffered or broadcast", async () => {
    const tok = await token();
    const sub = await subscribe(tok);
    const res = await post(tok, "x".repeat(100 * 1024), { "Twitch-Eventsub-Message-Type": "notification" });
    expect(res.status).toBe(413);
    expect(await rows(tok)).toBe(0);
    await notification(tok, 1);
    expect(unb64((await sub.frame(1)).body)).toBe('{"n":1}');
    expect(sub.frames).toHaveLength(1);
  });

  it("a streamed body without Content-Length is cut off at the cap too", async () => {
    const tok = await token();
    const chunk = new TextEncoder().encode("y".repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 7) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await call(new Request(`${ORIGIN}/u/${tok}`, { method: "POST", body }));
    expect(res.status).toBe(413);
    expect(await rows(tok)).toBe(0);
  });
});

describe("token format", () => {
  it.each(["short", "has space in it 123456", "a".repeat(129), "dots.are.not.allowed.x"])(
    "%s → 400 on ingest and subscribe",
    async (bad) => {
      expect((await post(encodeURIComponent(bad), "{}")).status).toBe(400);
      const res = await call(
        new Request(`${ORIGIN}/u/${encodeURIComponent(bad)}/subscribe`, {
          headers: { Upgrade: "websocket" },
        }),
      );
      expect(res.status).toBe(400);
    },
  );
});

describe("token validation", () => {
  const validator = () => ({
    TOKEN_VALIDATE_URL: inject("validatorUrl"),
    RELAY_SHARED_SECRET: "s3cret",
    ALLOW_INSECURE_TOKEN_VALIDATE_URL: "1",
    TOKEN_VALIDATE_TIMEOUT_MS: "500",
  });
  const calls = async () =>
    (await (await fetch(`${inject("validatorUrl")}/calls`)).json()) as {
      token: string;
      authorization: string;
    }[];

  it("without a validator, any token minted under the deployment secret works", async () => {
    expect((await notification(await token(), 1)).status).toBe(202);
  });

  it("a valid token passes; the validator sees the token and the shared secret as bearer", async () => {
    const tok = await token("valid");
    const res = await post(tok, "{}", {}, validator());
    expect(res.status).toBe(202);
    expect((await calls()).find((c) => c.token === tok)?.authorization).toBe("Bearer s3cret");
    const sub = await subscribe(tok, undefined, validator());
    expect(sub.socket.readyState).toBe(WebSocket.OPEN);
  });

  it.each([
    ["reject", 403],
    ["unknown", 403],
    ["garbled", 403],
    ["outage", 503],
    ["stall", 503],
  ])("a %s answer → %i, on ingest and subscribe, nothing buffered", async (kind, status) => {
    const tok = await token(kind);
    const started = Date.now();
    expect((await post(tok, "{}", {}, validator())).status).toBe(status);
    expect(Date.now() - started).toBeLessThan(2000);
    const res = await call(
      new Request(`${ORIGIN}/u/${tok}/subscribe`, {
        headers: { Upgrade: "websocket", ...(await bearer(tok)) },
      }),
      validator(),
    );
    expect(res.status).toBe(status);
    expect(res.webSocket).toBeNull();
    expect(await rows(tok)).toBe(0);
  });

  it("an unreachable validator fails closed with 503", async () => {
    const vars = { ...validator(), TOKEN_VALIDATE_URL: "http://127.0.0.1:1/validate" };
    expect((await post(await token("valid"), "{}", {}, vars)).status).toBe(503);
  });

  it("half a configuration fails closed with 503", async () => {
    const res = await post(await token("valid"), "{}", {}, { RELAY_SHARED_SECRET: "s3cret" });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("not configured");
  });

  it("a plaintext validator URL is refused before the secret is sent", async () => {
    const tok = await token("valid");
    const vars = { ...validator(), ALLOW_INSECURE_TOKEN_VALIDATE_URL: undefined };
    const res = await post(tok, "{}", {}, vars);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("https");
    expect((await calls()).some((c) => c.token === tok)).toBe(false);
  });
});
