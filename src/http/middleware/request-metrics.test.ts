import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { methodLabel, requestMetrics, routeLabel } from "./request-metrics.ts";

const procedures = new Set(["video.listPage", "auth.session"]);

describe("routeLabel", () => {
  test.each([
    [
      "a REST route: its pattern",
      "/api/v1/videos/:id/chat",
      "/api/v1/videos/42/chat",
      "/api/v1/videos/:id/chat",
    ],
    ["a known procedure", "/trpc/*", "/trpc/video.listPage", "/trpc/video.listPage"],
    ["a batch of procedures", "/trpc/*", "/trpc/video.listPage,auth.session", "/trpc/(batch)"],
    ["an unknown procedure is not its own series", "/trpc/*", "/trpc/../../etc/passwd", "/trpc/(unknown)"],
    ["bare /trpc", "/trpc", "/trpc", "/trpc/(unknown)"],
    ["the dashboard's fallback", "/*", "/videos/12345", "/*"],
    ["nothing matched", "", "/x", "(unmatched)"],
  ])("%s", (_, pattern, path, label) => {
    expect(routeLabel(pattern, path, procedures)).toBe(label);
  });
});

describe("methodLabel", () => {
  test.each([
    ["GET", "GET"],
    ["DELETE", "DELETE"],
    ["PROPFIND", "OTHER"],
    ["X-RANDOM-1234", "OTHER"],
  ])("%s is counted as %s", (method, label) => expect(methodLabel(method)).toBe(label));
});

describe("requestMetrics", () => {
  test("counts the pattern of the route that answered, with its status", async () => {
    const seen: [string, string, number][] = [];
    const app = new Hono();
    app.use(
      requestMetrics({ request: (route, method, status) => seen.push([route, method, status]) }, procedures),
    );
    app.use("/api/*", async (c, next) => (c.req.header("x-deny") ? c.text("no", 403) : next()));
    const api = new Hono();
    api.get("/videos/:id", (c) => c.text(c.req.param("id")));
    api.get("/boom", () => {
      throw new Error("boom");
    });
    app.route("/api/v1", api);
    app.get("*", (c) => c.text("spa"));
    app.onError((_, c) => c.text("error", 500));
    await app.request("/api/v1/videos/7");
    await app.request("/api/v1/videos/8", { headers: { "x-deny": "1" } });
    await app.request("/api/v1/boom");
    await app.request("/somewhere/else");
    expect(seen).toEqual([
      ["/api/v1/videos/:id", "GET", 200],
      ["/api/*", "GET", 403],
      ["/api/v1/boom", "GET", 500],
      ["/*", "GET", 200],
    ]);
  });
});
