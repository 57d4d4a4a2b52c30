import { afterAll, expect, test } from "bun:test";
import { freePort } from "../../tests/support/ports.ts";
import { healthUrl, runHealthcheck } from "./healthcheck.ts";

// `replayd healthcheck` against real HTTP servers on loopback standing in for replayd's health route.

const servers: ReturnType<typeof Bun.serve>[] = [];
afterAll(() => {
  for (const s of servers) s.stop(true);
});

/** A server answering GET /api/v1/health with this status and body; its port. */
function answering(status: number, body: unknown, contentType = "application/json"): number {
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: (req) =>
      new URL(req.url).pathname === "/api/v1/health"
        ? new Response(typeof body === "string" ? body : JSON.stringify(body), {
            status,
            headers: { "content-type": contentType },
          })
        : new Response("not found", { status: 404 }),
  });
  servers.push(server);
  return server.port ?? 0;
}

async function check(port: number, host = "0.0.0.0") {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runHealthcheck(
    { server: { host, port } },
    { out: (t) => void out.push(t), err: (t) => void err.push(t) },
  );
  return { code, out: out.join(""), err: err.join("") };
}

test.each([
  ["healthy", 200, { status: "ok", reasons: [] }, 0, /^ok\n$/, ""],
  [
    "degraded: runs, says what it lacks",
    200,
    { status: "degraded", reasons: ["ffmpeg not found"] },
    0,
    /^degraded: ffmpeg not found\n$/,
    "",
  ],
  [
    "unhealthy: the database does not answer",
    503,
    { status: "unhealthy", reasons: ["the database does not answer"] },
    1,
    /^$/,
    "unhealthy (503, unhealthy): the database does not answer\n",
  ],
] as const)("%s", async (_name, status, body, code, out, err) => {
  const result = await check(answering(status, body));
  expect(result).toEqual({ code, out: expect.stringMatching(out), err });
});

test("something else on the port (no health report) is unhealthy, and says so", async () => {
  const result = await check(answering(200, "<html>hello</html>", "text/html"));
  expect(result.code).toBe(1);
  expect(result.err).toMatch(/answered 200 without a health report: is replayd on this port\?/);
});

test("nothing listening: unhealthy, refused (not waited out), naming the address", async () => {
  const port = freePort();
  const result = await check(port);
  expect(result.code).toBe(1);
  expect(result.err).toMatch(
    new RegExp(`^unhealthy: http://127\\.0\\.0\\.1:${port}/api/v1/health: nothing answers`),
  );
});

test.each([
  ["0.0.0.0", 8080, "http://127.0.0.1:8080/api/v1/health"],
  ["", 8080, "http://127.0.0.1:8080/api/v1/health"],
  ["::", 9000, "http://[::1]:9000/api/v1/health"],
  ["[::1]", 9000, "http://[::1]:9000/api/v1/health"],
  ["192.168.1.20", 8080, "http://192.168.1.20:8080/api/v1/health"],
])("a server bound to %s:%d is asked at %s", (host, port, url) => {
  expect(healthUrl({ host, port })).toBe(url);
});
