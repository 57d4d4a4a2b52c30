import { describe, expect, test } from "bun:test";
import { dashboardRoutes } from "./dashboard.ts";
import type { EmbeddedAsset } from "./dashboard-assets.macro.ts";

const INDEX = '<!doctype html><div id="root"></div><script src="/assets/index-abc123.js"></script>';
const SCRIPT = `console.log(${JSON.stringify("x".repeat(4000))});`;

function asset(text: string, type: string, etag: string, gzip = false): EmbeddedAsset {
  const bytes = Buffer.from(text);
  return {
    type,
    body: bytes.toString("base64"),
    gzip: gzip ? Buffer.from(Bun.gzipSync(bytes)).toString("base64") : null,
    etag,
  };
}

const assets = {
  "/index.html": asset(INDEX, "text/html;charset=utf-8", '"i1"'),
  "/assets/index-abc123.js": asset(SCRIPT, "text/javascript;charset=utf-8", '"j1"', true),
  "/favicon.svg": asset("<svg/>", "image/svg+xml", '"f1"'),
};
const app = dashboardRoutes(assets);

describe("dashboard serving", () => {
  test("/ serves index.html, revalidated on every load", async () => {
    const res = await app.request("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/html;charset=utf-8");
    expect(res.headers.get("Cache-Control")).toBe("no-cache");
    expect(await res.text()).toBe(INDEX);
  });

  test.each(["/channels", "/videos/42", "/settings/webhooks?tab=1"])(
    "client route %s falls back to index.html",
    async (path) => {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(INDEX);
    },
  );

  test("hashed assets have their content type and a year-long immutable cache", async () => {
    const res = await app.request("/assets/index-abc123.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/javascript;charset=utf-8");
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(await res.text()).toBe(SCRIPT);
  });

  test("other files get a short cache", async () => {
    const res = await app.request("/favicon.svg");
    expect(res.headers.get("Content-Type")).toBe("image/svg+xml");
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=3600");
  });

  test.each(["/assets/index-old999.js", "/robots.txt"])(
    "a missing file %s is a 404, not the app",
    async (path) => {
      const res = await app.request(path);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('<div id="root">');
    },
  );

  test("gzip is sent to clients that accept it, and only to them", async () => {
    const zipped = await app.request("/assets/index-abc123.js", {
      headers: { "Accept-Encoding": "gzip, br" },
    });
    expect(zipped.headers.get("Content-Encoding")).toBe("gzip");
    expect(Number(zipped.headers.get("Content-Length"))).toBeLessThan(SCRIPT.length / 4);
    expect(Buffer.from(Bun.gunzipSync(new Uint8Array(await zipped.arrayBuffer()))).toString()).toBe(SCRIPT);
    const plain = await app.request("/assets/index-abc123.js");
    expect(plain.headers.get("Content-Encoding")).toBeNull();
    expect(plain.headers.get("Vary")).toBe("Accept-Encoding");
  });

  test("a matching ETag gets 304 without a body", async () => {
    const res = await app.request("/assets/index-abc123.js", { headers: { "If-None-Match": '"j1"' } });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe("");
  });

  test("HEAD answers the headers without the body", async () => {
    const res = await app.request("/", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Length")).toBe(String(INDEX.length));
    expect(await res.text()).toBe("");
  });

  test("without a built dashboard, says how to build it", async () => {
    const res = await dashboardRoutes({}).request("/");
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("npm run build");
  });
});
