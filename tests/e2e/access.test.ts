import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { AnyProcedure } from "@trpc/server";
import type { Hono } from "hono";
import type { Role } from "../../src/domain/users.ts";
import { EventSubInbox } from "../../src/eventsub/inbox.service.ts";
import { authRoutes } from "../../src/http/routes/auth.routes.ts";
import { webhookRoutes } from "../../src/http/routes/eventsub.routes.ts";
import { healthRoutes } from "../../src/http/routes/health.routes.ts";
import { mediaRoutes } from "../../src/http/routes/media.routes.ts";
import { partDownloadRoutes } from "../../src/http/routes/part-download.routes.ts";
import { VideoFiles } from "../../src/library/video-files.service.ts";
import { startSimulator } from "../../src/sim/server.ts";
import { appRouter } from "../../src/trpc/router.ts";
import { adminProcedure, ownerProcedure, viewerProcedure } from "../../src/trpc/trpc.ts";
import { apiWorld } from "../support/api.ts";
import { quiet } from "../support/recorder.ts";
import { CookieJar, signIn, startReplayd, trpc } from "../support/sign-in.ts";

// Every tRPC procedure, enumerated from the router: who may call it (acceptance 2, the access half).
// The procedures of interfaces.md that anyone may call; everything else needs a signed-in caller.
const PUBLIC = new Set(["auth.session"]);
// Allowed to refuse a valid API token on purpose (a token cannot mint tokens).
const SESSION_ONLY = new Set(["auth.createApiToken"]);

type Definition = { type: "query" | "mutation" | "subscription"; middlewares: unknown[] };
const defOf = (p: AnyProcedure) => (p as unknown as { _def: Definition })._def;
const ROLE_GUARDS: [Role, unknown][] = [
  ["owner", defOf(ownerProcedure as unknown as AnyProcedure).middlewares.at(-1)],
  ["admin", defOf(adminProcedure as unknown as AnyProcedure).middlewares.at(-1)],
  ["viewer", defOf(viewerProcedure as unknown as AnyProcedure).middlewares.at(-1)],
];
const procedures = Object.entries(
  (appRouter as unknown as { _def: { procedures: Record<string, AnyProcedure> } })._def.procedures,
).map(([path, procedure]) => {
  const def = defOf(procedure);
  const role = ROLE_GUARDS.find(([, guard]) => def.middlewares.includes(guard))?.[0] ?? null;
  return { path, type: def.type, role };
});

const sim = startSimulator({ log: quiet, port: 0, seed: 11 });
let app: Awaited<ReturnType<typeof startReplayd>>;
const tokens = { owner: "", viewer: "", revoked: "" };
beforeAll(async () => {
  // A second person (a viewer) signs in: the install is open to anyone with a Twitch account.
  app = await startReplayd(sim.url, { WHITELIST_ENABLED: "false" });
  const owner = new CookieJar();
  const viewer = new CookieJar();
  await signIn(app.url, owner, "sim_viewer");
  await signIn(app.url, viewer, "kitchen_lab");
  const mint = async (jar: CookieJar, name: string) => {
    const { body } = await trpc(app.url, "auth.createApiToken", {
      jar,
      mutation: true,
      input: { name, scope: "full" },
      headers: { Origin: app.url },
    });
    return (body.result?.data as { token: string; id: number }) ?? { token: "", id: 0 };
  };
  tokens.owner = (await mint(owner, "owner")).token;
  tokens.viewer = (await mint(viewer, "viewer")).token;
  const revoked = await mint(owner, "revoked");
  tokens.revoked = revoked.token;
  await trpc(app.url, "auth.revokeApiToken", {
    jar: owner,
    mutation: true,
    input: { id: revoked.id },
    headers: { Origin: app.url },
  });
});
afterAll(async () => {
  await app.stop();
  await sim.stop();
});

/** Calls a procedure with an input no procedure accepts: an unknown field holding a huge string. */
async function callMalformed(path: string, type: Definition["type"], token: string): Promise<number> {
  const input = JSON.stringify({ not_a_field: "x".repeat(100_000), id: "NaN", hashed_id: [1] });
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
  const res =
    type === "mutation"
      ? await fetch(`${app.url}/trpc/${path}`, { method: "POST", headers, body: input })
      : await fetch(`${app.url}/trpc/${path}?input=${encodeURIComponent(input)}`, { headers });
  await res.body?.cancel();
  return res.status;
}

/** Calls a procedure with no input (a guard answers before the input is checked); resolves with the tRPC error code or "OK". */
async function call(path: string, type: Definition["type"], token?: string): Promise<string> {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const init: RequestInit = { headers, signal: AbortSignal.timeout(5000) };
  if (type === "mutation") {
    Object.assign(init, { method: "POST", body: "{}" });
    headers["Content-Type"] = "application/json";
  }
  const res = await fetch(`${app.url}/trpc/${path}`, init);
  if (type === "subscription") {
    // Over SSE a refusal may come as an error event: read the first chunk only.
    const reader = res.body?.getReader();
    const first = new TextDecoder().decode((await reader?.read())?.value);
    await reader?.cancel();
    return /UNAUTHORIZED|FORBIDDEN/.exec(first)?.[0] ?? (res.ok ? "OK" : String(res.status));
  }
  const body = (await res.json()) as { error?: { data?: { code?: string } } };
  return body.error?.data?.code ?? "OK";
}

const DENIED = ["UNAUTHORIZED", "FORBIDDEN"];

describe("access to every procedure", () => {
  test("the router has procedures, and each is public by intent or guarded by a role", () => {
    expect(procedures.length).toBeGreaterThan(5);
    for (const p of procedures)
      expect({ path: p.path, guarded: p.role !== null || PUBLIC.has(p.path) }).toEqual({
        path: p.path,
        guarded: true,
      });
  });

  test.each(procedures.map((p) => [p.path, p] as const))("%s", async (_, p) => {
    const anonymous = await call(p.path, p.type);
    const asViewer = await call(p.path, p.type, tokens.viewer);
    const asOwner = await call(p.path, p.type, tokens.owner);
    const revoked = await call(p.path, p.type, tokens.revoked);
    if (PUBLIC.has(p.path)) {
      expect(DENIED).not.toContain(anonymous);
      return;
    }
    expect(anonymous).toBe("UNAUTHORIZED");
    expect(revoked).toBe("UNAUTHORIZED");
    if (SESSION_ONLY.has(p.path)) {
      expect([asViewer, asOwner]).toEqual(["FORBIDDEN", "FORBIDDEN"]);
      return;
    }
    if (p.role === "viewer") expect(DENIED).not.toContain(asViewer);
    else expect(asViewer).toBe("FORBIDDEN");
    expect(DENIED).not.toContain(asOwner);
    if (p.type !== "subscription")
      expect(await callMalformed(p.path, p.type, tokens.owner)).toBeLessThan(500);
  });
});

// REST routes, enumerated from the route modules app.ts mounts under /api/v1. Public ones answer without
// credentials by design (interfaces.md): health, the OAuth pair, EventSub (HMAC), signed downloads.
const PUBLIC_REST = new Set([
  "GET /health",
  "GET /auth/twitch",
  "GET /auth/twitch/callback",
  "POST /webhook/callback",
  "GET /videos/:id/parts/:n/download",
]);

async function restRoutes(): Promise<{ method: string; path: string }[]> {
  const w = await apiWorld("sqlite");
  const videos = new VideoFiles({ repo: w.services.repo });
  try {
    const modules: Hono[] = [
      healthRoutes({ pingDatabase: async () => {} }),
      authRoutes(w.services.auth),
      webhookRoutes({
        inbox: new EventSubInbox({ repo: w.services.repo }),
        secret: () => "x".repeat(32),
        processing: () => false,
        onNotification: async () => {},
        log: quiet,
      }),
      partDownloadRoutes({ videos, storage: w.services.storage, signer: w.services.signer }),
      mediaRoutes({ videos, storage: w.services.storage, scratchRoot: "/nonexistent" }),
    ] as unknown as Hono[];
    const seen = new Map<string, { method: string; path: string }>();
    for (const m of modules) {
      for (const r of m.routes) if (r.method !== "ALL") seen.set(`${r.method} ${r.path}`, r);
    }
    return [...seen.values()];
  } finally {
    await w.dispose();
  }
}

describe("access to every REST route", () => {
  test("each route: public by design, or 401 without credentials, working with a token, 401 revoked", async () => {
    const routes = await restRoutes();
    expect(routes.length).toBeGreaterThan(8);
    const results: Record<string, number[]> = {};
    for (const { method, path } of routes) {
      const url = `${app.url}/api/v1${path.replace(/:[a-z_]+/g, "1").replace("*", "x.jpg")}`;
      const status = async (token?: string) => {
        const res = await fetch(url, {
          method,
          redirect: "manual",
          headers: token ? { Authorization: `Bearer ${token}` } : {},
        });
        await res.body?.cancel();
        return res.status;
      };
      results[`${method} ${path}`] = [
        await status(),
        await status(tokens.viewer),
        await status(tokens.revoked),
      ];
    }
    for (const [route, [anonymous, viewer, revoked]] of Object.entries(results)) {
      if (PUBLIC_REST.has(route)) {
        // Their own checks answer (a redirect, a bad signature), never "sign in", never a 5xx.
        expect({ route, ok: anonymous !== 401 && (anonymous ?? 500) < 500 }).toEqual({ route, ok: true });
        continue;
      }
      expect({ route, anonymous, revoked }).toEqual({ route, anonymous: 401, revoked: 401 });
      expect({ route, viewerDenied: viewer === 401 || viewer === 403 }).toEqual({
        route,
        viewerDenied: false,
      });
    }
  });

  test("POST /api/v1/auth/logout takes an API token, not a revoked one", async () => {
    const post = (token: string) =>
      fetch(`${app.url}/api/v1/auth/logout`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}` },
      });
    expect((await post(tokens.viewer)).status).toBe(200);
    expect((await post(tokens.revoked)).status).toBe(401);
  });
});
