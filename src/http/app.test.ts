import { describe, expect, test } from "bun:test";
import { Writable } from "node:stream";
import { createLogger } from "../log/logger.ts";
import type { ApiDeps } from "../trpc/context.ts";
import { VERSION } from "../version.ts";
import { createHttpApp } from "./app.ts";
import type { EmbeddedAsset } from "./dashboard-assets.macro.ts";

const INDEX: EmbeddedAsset = {
  type: "text/html;charset=utf-8",
  body: Buffer.from("<div id=root></div>").toString("base64"),
  gzip: null,
  etag: '"x"',
};

function makeApp(pingDatabase: () => Promise<void> = async () => {}) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const log = createLogger({ level: "debug", format: "json", destination });
  // No procedure is called here: these tests cover routing, health and the dashboard.
  const api = {} as ApiDeps;
  return { app: createHttpApp({ log, dashboard: { "/index.html": INDEX }, pingDatabase, api }), lines };
}

describe("GET /api/v1/health (database only, as other routes' tests build the app)", () => {
  test("answers 200 with the version and database status when the database answers", async () => {
    const res = await makeApp().app.request("/api/v1/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      version: VERSION,
      database: "ok",
      checks: { database: { ok: true } },
      reasons: [],
    });
    expect(res.headers.get("Cache-Control")).toBe("no-store");
  });

  test("answers 503 when the database does not", async () => {
    const { app } = makeApp(async () => {
      throw new Error("connection refused");
    });
    const res = await app.request("/api/v1/health");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: "unhealthy",
      version: VERSION,
      database: "error",
      reasons: ["the database does not answer (DATABASE_URL)"],
    });
  });
});

describe("routing", () => {
  test.each(["/api/v1/nope", "/api/other"])(
    "unknown API path %s is a JSON 404, never the dashboard",
    async (path) => {
      const res = await makeApp().app.request(path);
      expect(res.status).toBe(404);
      expect(res.headers.get("Content-Type")).toContain("application/json");
    },
  );

  test.each(["/trpc/nope.procedure", "/trpc"])(
    "unknown tRPC path %s is a JSON 404, never the dashboard",
    async (path) => {
      const res = await makeApp().app.request(path);
      expect(res.status).toBe(404);
      expect(res.headers.get("Content-Type")).toContain("application/json");
      expect(await res.text()).not.toContain("TRPCError: ");
    },
  );

  test("anything else is the dashboard", async () => {
    const res = await makeApp().app.request("/recordings");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("id=root");
  });
});

describe("request log", () => {
  test("logs one line per API request with method, path, status and duration", async () => {
    const { app, lines } = makeApp();
    const res = await app.request("/api/v1/nope", { method: "POST" });
    const line = lines.find((l) => l.msg === "request");
    expect(line).toMatchObject({ level: "info", method: "POST", path: "/api/v1/nope", status: 404 });
    expect(typeof line?.duration_ms).toBe("number");
    expect(line?.request_id).toBe(res.headers.get("X-Request-Id") ?? "missing");
  });

  test("health probes and dashboard files log at debug, so probes do not flood the log", async () => {
    const { app, lines } = makeApp();
    await app.request("/api/v1/health");
    await app.request("/");
    expect(lines.filter((l) => l.msg === "request").map((l) => l.level)).toEqual(["debug", "debug"]);
  });
});

describe("a procedure that fails unexpectedly", () => {
  test("answers 500 with a generic message; the cause is logged with its stack", async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const log = createLogger({ level: "debug", format: "json", destination });
    const api = {
      services: {
        get schedules(): never {
          throw new Error("ENOENT: /srv/replayd/secret-folder/replayd.db");
        },
      },
    } as unknown as ApiDeps;
    const app = createHttpApp({
      log,
      dashboard: { "/index.html": INDEX },
      pingDatabase: async () => {},
      api,
      authenticate: async (c, next) => {
        c.set("caller", { id: "1", login: "owner", display_name: "owner", role: "owner", via: "session" });
        await next();
      },
    });
    const res = await app.request("/trpc/schedule.pauseState");
    expect(res.status).toBe(500);
    const body = JSON.stringify(await res.json());
    expect(body).toContain("internal error");
    expect(body).not.toContain("secret-folder");
    const logged = lines.find((l) => l.msg === "procedure failed") as { err?: { stack?: string } };
    expect(logged?.err?.stack).toContain("secret-folder");
  });
});

describe("security headers", () => {
  test("the dashboard page carries a Content-Security-Policy without inline scripts, and no page may frame it", async () => {
    const res = await makeApp().app.request("/videos");
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp.split(";").find((d) => d.trim().startsWith("script-src"))).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
  });

  test("API answers carry nosniff and no-framing too (a CSP only on HTML)", async () => {
    const res = await makeApp().app.request("/api/v1/health");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    expect(res.headers.get("Content-Security-Policy")).toBeNull();
  });
});

describe("request bodies", () => {
  test.each([
    ["a declared size", (body: Uint8Array) => body],
    [
      "a chunked stream",
      (body: Uint8Array) =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (let i = 0; i < body.length; i += 64 * 1024)
              controller.enqueue(body.subarray(i, i + 64 * 1024));
            controller.close();
          },
        }),
    ],
  ])("over 1 MiB (%s) is 413 before any procedure or route reads it", async (_name, shape) => {
    const { app } = makeApp();
    const body = new Uint8Array(2 * 1024 * 1024).fill(0x20);
    for (const path of ["/trpc/schedule.create", "/api/v1/webhook/callback"]) {
      const res = await app.request(path, {
        method: "POST",
        body: shape(body) as RequestInit["body"],
        duplex: "half",
      } as RequestInit);
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({
        error: { code: "PAYLOAD_TOO_LARGE", message: "the request body is over 1 MiB: send less" },
      });
    }
  });
});
