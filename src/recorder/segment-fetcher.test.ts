import { afterAll, describe, expect, test } from "bun:test";
import { notWholePackets } from "../media/mpegts.ts";
import { fetchSegment, retryAfter, SegmentFetchError } from "./segment-fetcher.ts";

// A real HTTP server on loopback whose answers each test scripts, one per request.
type Script = (attempt: number) => Response | Promise<Response>;
const scripts = new Map<string, { script: Script; attempts: number }>();
const server = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  idleTimeout: 0,
  fetch(req) {
    const entry = scripts.get(new URL(req.url).pathname);
    if (!entry) return new Response("no script", { status: 500 });
    entry.attempts++;
    return entry.script(entry.attempts);
  },
});
afterAll(() => server.stop(true));

let n = 0;
function route(script: Script) {
  const path = `/seg${n++}.ts`;
  const entry = { script, attempts: 0 };
  scripts.set(path, entry);
  return { url: `http://127.0.0.1:${server.port}${path}`, attempts: () => entry.attempts };
}

const BODY = new Uint8Array(4096).fill(7);
const fast = { backoffMs: 1, maxBackoffMs: 5, cdnLagDelayMs: 1 };

describe("fetchSegment", () => {
  test("a healthy segment comes back whole on the first try", async () => {
    const r = route(() => new Response(BODY));
    expect(await fetchSegment(r.url, fast)).toEqual(BODY);
    expect(r.attempts()).toBe(1);
  });

  test.each([
    ["503", (a: number) => (a < 3 ? new Response("busy", { status: 503 }) : new Response(BODY)), 3],
    [
      "429",
      (a: number) =>
        a < 2
          ? new Response("slow down", { status: 429, headers: { "Retry-After": "0" } })
          : new Response(BODY),
      2,
    ],
    ["CDN lag 404", (a: number) => (a < 3 ? new Response("", { status: 404 }) : new Response(BODY)), 3],
  ])("recovers from %s within its budget", async (_name, script, attempts) => {
    const r = route(script);
    expect(await fetchSegment(r.url, fast)).toEqual(BODY);
    expect(r.attempts()).toBe(attempts);
  });

  test("a body whole as HTTP goes but cut short as media (a 200 from a cache holding part of it) is retried", async () => {
    const whole = new Uint8Array(188 * 4).fill(0x47);
    const r = route((a) => new Response(a < 2 ? whole.subarray(0, 500) : whole));
    expect(await fetchSegment(r.url, { ...fast, incomplete: notWholePackets })).toEqual(whole);
    expect(r.attempts()).toBe(2);
  });

  test("a truncated body (fewer bytes than Content-Length) is retried", async () => {
    // A raw socket: promise 4096 bytes, send 100, hang up, as a CDN edge dropping the connection does.
    let attempts = 0;
    const raw = Bun.listen({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        data(socket) {
          attempts++;
          const head = `HTTP/1.1 200 OK\r\nContent-Length: ${BODY.length}\r\nConnection: close\r\n\r\n`;
          socket.write(head);
          socket.write(attempts === 1 ? BODY.subarray(0, 100) : BODY);
          socket.end();
        },
      },
    });
    try {
      expect(await fetchSegment(`http://127.0.0.1:${raw.port}/seg.ts`, fast)).toEqual(BODY);
      expect(attempts).toBe(2);
    } finally {
      raw.stop(true);
    }
  });

  test("a stalled body is abandoned by the watchdog and retried", async () => {
    const r = route((a) => {
      if (a > 1) return new Response(BODY);
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(BODY.subarray(0, 10));
        },
      });
      return new Response(stream);
    });
    expect(await fetchSegment(r.url, { ...fast, stallMs: 100 })).toEqual(BODY);
    expect(r.attempts()).toBe(2);
  });

  test.each([403, 401])(
    "%p is an auth failure, reported at once (a new token is needed, not a retry)",
    async (status) => {
      const r = route(() => new Response("", { status }));
      const err = (await fetchSegment(r.url, fast).catch((e) => e)) as SegmentFetchError;
      expect(err).toBeInstanceOf(SegmentFetchError);
      expect(err.kind).toBe("auth");
      expect(r.attempts()).toBe(1);
    },
  );

  test("a budget runs out: the error says so", async () => {
    const r = route(() => new Response("", { status: 500 }));
    const err = (await fetchSegment(r.url, { ...fast, budgets: { network: 1, server: 2, cdnLag: 1 } }).catch(
      (e) => e,
    )) as SegmentFetchError;
    expect(err.kind).toBe("exhausted");
    expect(r.attempts()).toBe(3);
  });

  test("stopping the recording aborts a fetch in flight", async () => {
    const r = route(() => new Response(new ReadableStream({ start() {} })));
    const controller = new AbortController();
    const pending = fetchSegment(r.url, { ...fast, signal: controller.signal, stallMs: 60_000 });
    setTimeout(() => controller.abort(), 20);
    expect(((await pending.catch((e) => e)) as SegmentFetchError).kind).toBe("aborted");
  });

  test.each([
    [null, null],
    ["2", 2000],
    ["0", 0],
    ["9999", 60_000],
    ["soon", null],
  ])("Retry-After %p → %p ms", (header, ms) => {
    expect(retryAfter(header)).toBe(ms);
  });
});
