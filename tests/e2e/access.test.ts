import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import type { AnyProcedure } from "@trpc/server";
import type { Hono } from "hono";
import { sha256Hex } from "../../src/auth/crypto.ts";
import { ChatService } from "../../src/chat/chat.service.ts";
import { channel, finishedVideo } from "../../src/db/contract/fixtures.ts";
import type { ApiTokenScope, Role } from "../../src/domain/users.ts";
import { EventSubInbox } from "../../src/eventsub/inbox.service.ts";
import { authRoutes } from "../../src/http/routes/auth.routes.ts";
import { chatExportRoutes } from "../../src/http/routes/chat-export.routes.ts";
import { webhookRoutes } from "../../src/http/routes/eventsub.routes.ts";
import { healthRoutes } from "../../src/http/routes/health.routes.ts";
import { mediaRoutes } from "../../src/http/routes/media.routes.ts";
import { partDownloadRoutes } from "../../src/http/routes/part-download.routes.ts";
import { simulatorProxyRoutes } from "../../src/http/routes/simulator-proxy.routes.ts";
import { SESSION_COOKIE } from "../../src/http/security/cookies.ts";
import { VideoFiles } from "../../src/library/video-files.service.ts";
import { startSimulator } from "../../src/sim/server.ts";
import { appRouter } from "../../src/trpc/router.ts";
import { adminProcedure, ownerProcedure, viewerProcedure } from "../../src/trpc/trpc.ts";
import { apiWorld } from "../support/api.ts";
import { quiet } from "../support/recorder.ts";
import { CookieJar, signIn, simUserIds, startReplayd, trpc } from "../support/sign-in.ts";

// Every tRPC procedure and every REST route, enumerated from the code, called by every kind of caller
// (acceptance 2, the access half; the threat model's figure in docs/security.md): who may call what, and a
// refusal that says why and nothing else.

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
type Procedure = (typeof procedures)[number];

/**
 * The kinds of caller. `role` null: the credential is not (or no longer) valid, so the caller is anonymous.
 * Sessions are browser cookies; tokens are personal API tokens (`Authorization: Bearer`), minted by a
 * session of the user named.
 */
interface CallerKind {
  name: string;
  via: "none" | "session" | "token";
  role: Role | null;
  scope?: ApiTokenScope;
  /** The simulated Twitch user behind a valid session (signed in again for calls that end a session). */
  login?: string;
}
const CALLERS: CallerKind[] = [
  { name: "anonymous", via: "none", role: null },
  { name: "expired session", via: "session", role: null },
  { name: "signed-out session", via: "session", role: null },
  { name: "expired token", via: "token", role: null },
  { name: "revoked token", via: "token", role: null },
  { name: "viewer session", via: "session", role: "viewer", login: "kitchen_lab" },
  { name: "admin session", via: "session", role: "admin", login: "speedrun_sam" },
  { name: "owner session", via: "session", role: "owner", login: "sim_viewer" },
  { name: "viewer token (full)", via: "token", role: "viewer", scope: "full" },
  { name: "admin token (full)", via: "token", role: "admin", scope: "full" },
  { name: "owner token (full)", via: "token", role: "owner", scope: "full" },
  { name: "owner token (read)", via: "token", role: "owner", scope: "read" },
  { name: "owner token (metrics)", via: "token", role: "owner", scope: "metrics" },
];
/** Procedures and routes that end the calling session: valid sessions call them from a fresh sign-in. */
const ENDS_SESSION = new Set(["auth.logout", "POST /auth/logout"]);

const RANK: Record<Role, number> = { viewer: 0, admin: 1, owner: 2 };
type Outcome = "answers" | "UNAUTHORIZED" | "FORBIDDEN";

/** What a procedure must answer a kind of caller, from the rules (not from the code under test). */
function expectedOutcome(caller: CallerKind, p: Procedure): Outcome {
  if (PUBLIC.has(p.path)) return "answers";
  if (caller.role === null || p.role === null) return "UNAUTHORIZED";
  if (caller.via === "token") {
    if (SESSION_ONLY.has(p.path) || caller.scope === "metrics") return "FORBIDDEN";
    if (caller.scope === "read" && p.type === "mutation") return "FORBIDDEN";
  }
  return RANK[caller.role] >= RANK[p.role] ? "answers" : "FORBIDDEN";
}

/** What a refusal may say: why, and nothing else (no data, no detail of the server). */
const REFUSAL_MESSAGES =
  /^(sign in first|this needs the (viewer|admin|owner) role|this API token can only read: .*|this API token is for metrics only .*|do this from a signed-in session, not with an API token)$/;

const sim = startSimulator({ log: quiet, port: 0, seed: 11 });
let app: Awaited<ReturnType<typeof startReplayd>>;
/** Each kind of caller's request headers. */
const credentials = new Map<string, Record<string, string>>();

let ownerId = "";

/** A cookie for a session of the owner past its expiry, as the database holds it (a real one takes 30 days). */
async function expiredSession(): Promise<Record<string, string>> {
  const expired = randomBytes(32).toString("hex");
  await app.repo.sessions.create({
    hashed_id: sha256Hex(expired),
    user_id: ownerId,
    encrypted_tokens: "v1.none",
    expires_at: new Date(Date.now() - 60_000).toISOString(),
  });
  return { Cookie: `${SESSION_COOKIE}=${expired}` };
}

/**
 * A kind of caller's request headers for one call. Made anew where one call would spend them: an expired
 * session (the server deletes it on sight, after which it would only be an unknown one) and, for what
 * ends the calling session, a valid one (from a fresh sign-in of the same person).
 */
async function headersFor(caller: CallerKind, path: string): Promise<Record<string, string>> {
  if (caller.name === "expired session") return expiredSession();
  if (!(ENDS_SESSION.has(path) && caller.via === "session" && caller.login)) {
    return credentials.get(caller.name) ?? {};
  }
  const jar = new CookieJar();
  await signIn(app.url, jar, caller.login);
  return { Cookie: jar.header() };
}

beforeAll(async () => {
  // Anyone with a Twitch account may sign in: the first one (sim_viewer) is the owner, the others viewers.
  app = await startReplayd(sim.url, { WHITELIST_ENABLED: "false" });
  const ids = await simUserIds(sim.url);
  ownerId = ids.sim_viewer as string;
  const jars = { owner: new CookieJar(), viewer: new CookieJar(), admin: new CookieJar() };
  await signIn(app.url, jars.owner, "sim_viewer");
  await signIn(app.url, jars.viewer, "kitchen_lab");
  await signIn(app.url, jars.admin, "speedrun_sam");
  const asOwner = { jar: jars.owner, mutation: true, headers: { Origin: app.url } };
  const promoted = await trpc(app.url, "system.updateUserRole", {
    ...asOwner,
    input: { user_id: ids.speedrun_sam, role: "admin" },
  });
  expect(promoted.status).toBe(200);
  const mint = async (jar: CookieJar, name: string, scope: ApiTokenScope) => {
    const { body } = await trpc(app.url, "auth.createApiToken", {
      jar,
      mutation: true,
      input: { name, scope },
      headers: { Origin: app.url },
    });
    const made = body.result?.data as { token: string; id: number } | undefined;
    if (!made) throw new Error(`could not mint the ${name} token: ${JSON.stringify(body)}`);
    return made;
  };
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const cookie = (jar: CookieJar) => ({ Cookie: jar.header() });

  credentials.set("anonymous", {});
  // The owner signed in elsewhere, then signed out there: that cookie is worth nothing now.
  const elsewhere = new CookieJar();
  await signIn(app.url, elsewhere, "sim_viewer");
  const signedOut = cookie(elsewhere);
  await trpc(app.url, "auth.logout", { jar: elsewhere, mutation: true, headers: { Origin: app.url } });
  credentials.set("signed-out session", signedOut);
  const expiredToken = `rpd_${randomBytes(32).toString("base64url")}`;
  await app.repo.apiTokens.create({
    user_id: ownerId,
    scope: "full",
    name: "expired",
    token_hash: sha256Hex(expiredToken),
    token_prefix: expiredToken.slice(0, 12),
    expires_at: new Date(Date.now() - 60_000).toISOString(),
  });
  credentials.set("expired token", bearer(expiredToken));
  const revoked = await mint(jars.owner, "revoked", "full");
  await trpc(app.url, "auth.revokeApiToken", { ...asOwner, input: { id: revoked.id } });
  credentials.set("revoked token", bearer(revoked.token));
  credentials.set("viewer session", cookie(jars.viewer));
  credentials.set("admin session", cookie(jars.admin));
  credentials.set("owner session", cookie(jars.owner));
  credentials.set("viewer token (full)", bearer((await mint(jars.viewer, "viewer", "full")).token));
  credentials.set("admin token (full)", bearer((await mint(jars.admin, "admin", "full")).token));
  credentials.set("owner token (full)", bearer((await mint(jars.owner, "owner", "full")).token));
  credentials.set("owner token (read)", bearer((await mint(jars.owner, "read", "read")).token));
  credentials.set("owner token (metrics)", bearer((await mint(jars.owner, "metrics", "metrics")).token));
});
afterAll(async () => {
  await app.stop();
  await sim.stop();
});

/** Calls a procedure with an input no procedure accepts: an unknown field holding a huge string. */
async function callMalformed(path: string, type: Definition["type"], headers: Record<string, string>) {
  const input = JSON.stringify({ not_a_field: "x".repeat(100_000), id: "NaN", hashed_id: [1] });
  const all = { ...headers, "Content-Type": "application/json" };
  const res =
    type === "mutation"
      ? await fetch(`${app.url}/trpc/${path}`, { method: "POST", headers: all, body: input })
      : await fetch(`${app.url}/trpc/${path}?input=${encodeURIComponent(input)}`, { headers: all });
  await res.body?.cancel();
  return res.status;
}

/**
 * Calls a procedure with no input (a guard answers before the input is checked): the outcome, and for a
 * refusal what else came with it (anything but an error that only says why is a leak).
 */
async function call(
  p: Procedure,
  headers: Record<string, string>,
): Promise<{ outcome: Outcome; leak: string[] }> {
  const init: RequestInit = { headers: { ...headers }, signal: AbortSignal.timeout(5000) };
  if (p.type === "mutation") {
    Object.assign(init, { method: "POST", body: "{}" });
    (init.headers as Record<string, string>)["Content-Type"] = "application/json";
  }
  const res = await fetch(`${app.url}/trpc/${p.path}`, init);
  if (p.type === "subscription") {
    // Over SSE a refusal may come as an error event: read the first chunk only.
    const reader = res.body?.getReader();
    const first = new TextDecoder().decode((await reader?.read())?.value);
    await reader?.cancel();
    const refused = /UNAUTHORIZED|FORBIDDEN/.exec(first)?.[0] as Outcome | undefined;
    if (!refused) return { outcome: res.ok ? "answers" : (String(res.status) as Outcome), leak: [] };
    // A refused stream may say it is connected, then the refusal; any other event is a leak.
    const leak = first
      .split(/\n\n+/)
      .filter((block) => block.trim())
      .filter((block) => {
        const event = /^event: *(.*)$/m.exec(block)?.[1] ?? "message";
        if (event === "connected" || event === "ping") return false;
        const message = (JSON.parse(/^data: *(.*)$/m.exec(block)?.[1] ?? "{}") as { message?: string })
          .message;
        return !(event === "serialized-error" && REFUSAL_MESSAGES.test(message ?? ""));
      });
    return { outcome: refused, leak };
  }
  const body = (await res.json()) as {
    result?: unknown;
    error?: { message?: string; data?: { code?: string } };
  };
  const code = body.error?.data?.code;
  if (code !== "UNAUTHORIZED" && code !== "FORBIDDEN") return { outcome: "answers", leak: [] };
  const leak: string[] = [];
  if ("result" in body) leak.push(`a result: ${JSON.stringify(body.result).slice(0, 200)}`);
  if (!REFUSAL_MESSAGES.test(body.error?.message ?? "")) leak.push(`the message: ${body.error?.message}`);
  return { outcome: code, leak };
}

describe(`access: ${procedures.length} procedures × ${CALLERS.length} kinds of caller`, () => {
  test("the router has procedures, and each is public by intent or guarded by a role", () => {
    expect(procedures.length).toBeGreaterThan(5);
    for (const p of procedures)
      expect({ path: p.path, guarded: p.role !== null || PUBLIC.has(p.path) }).toEqual({
        path: p.path,
        guarded: true,
      });
  });

  test("every kind of caller is in the table: anonymous, spent credentials, each role, each token scope", () => {
    const kinds = new Set(CALLERS.map((c) => `${c.via}:${c.role ?? "invalid"}:${c.scope ?? ""}`));
    expect(kinds.size).toBe(CALLERS.length - 2); // two of each kind of spent credential
    for (const role of ["viewer", "admin", "owner"] as const)
      expect(CALLERS.some((c) => c.via === "session" && c.role === role)).toBe(true);
    for (const scope of ["read", "metrics", "full"] as const)
      expect(CALLERS.some((c) => c.via === "token" && c.role !== null && c.scope === scope)).toBe(true);
  });

  test.each(procedures.map((p) => [p.path, p] as const))("%s", async (_, p) => {
    const got: Record<string, Outcome> = {};
    const want: Record<string, Outcome> = {};
    const leaks: string[] = [];
    for (const caller of CALLERS) {
      const { outcome, leak } = await call(p, await headersFor(caller, p.path));
      got[caller.name] = outcome;
      want[caller.name] = expectedOutcome(caller, p);
      leaks.push(...leak.map((l) => `${caller.name}: ${l}`));
    }
    expect(got).toEqual(want);
    expect(leaks).toEqual([]);
    if (p.type !== "subscription")
      expect(await callMalformed(p.path, p.type, credentials.get("owner token (full)") ?? {})).toBeLessThan(
        500,
      );
  });

  test("auth.session, the public one, names nobody to a caller without a valid credential", async () => {
    for (const caller of CALLERS) {
      const res = await fetch(`${app.url}/trpc/auth.session`, { headers: await headersFor(caller, "") });
      const me = ((await res.json()) as { result?: { data: { role: Role } | null } }).result?.data;
      expect({ caller: caller.name, role: me?.role ?? null }).toEqual({
        caller: caller.name,
        role: caller.role,
      });
    }
  });

  test("a person's own lists answer their rows only, and another's token cannot be revoked", async () => {
    const list = async (caller: string, path: string) =>
      ((await trpc(app.url, path, { headers: credentials.get(caller) })).body.result?.data ?? []) as {
        id?: number;
        name?: string;
        hashed_id?: string;
      }[];
    const viewerTokens = await list("viewer token (full)", "auth.apiTokens");
    expect(viewerTokens.map((t) => t.name)).toEqual(["viewer"]);
    expect((await list("owner token (full)", "auth.apiTokens")).map((t) => t.name)).not.toContain("viewer");
    const ownerSessions = new Set(
      (await list("owner token (read)", "auth.sessions")).map((s) => s.hashed_id),
    );
    const viewerSessions = await list("viewer session", "auth.sessions");
    expect(viewerSessions.length).toBeGreaterThan(0);
    expect(viewerSessions.filter((s) => ownerSessions.has(s.hashed_id))).toEqual([]);
    // The owner may do anything but this: a token of someone else is "not found", like an unknown one.
    const revoke = await trpc(app.url, "auth.revokeApiToken", {
      mutation: true,
      input: { id: viewerTokens[0]?.id },
      headers: credentials.get("owner token (full)"),
    });
    expect(revoke.body.error?.data?.code).toBe("NOT_FOUND");
    expect((await list("viewer token (full)", "auth.apiTokens")).map((t) => t.name)).toEqual(["viewer"]);
  });

  test("recording requests: a viewer lists their own, an admin and the owner everyone's", async () => {
    await channel(app.repo, "7001", "AccessChannel");
    const [mine, theirs] = [await finishedVideo(app.repo, "7001"), await finishedVideo(app.repo, "7001")];
    const ask = async (caller: string, videoId: number) => {
      const made = await trpc(app.url, "videorequest.request", {
        mutation: true,
        input: { video_id: videoId },
        headers: credentials.get(caller),
      });
      expect(made.body.result?.data).toEqual({ ok: true });
    };
    await ask("viewer token (full)", mine.id);
    await ask("admin token (full)", theirs.id);
    const requested = async (caller: string) =>
      (
        ((await trpc(app.url, "videorequest.list", { headers: credentials.get(caller) })).body.result
          ?.data as {
          data: { video_id: number; requested_by: { login: string } }[];
        }) ?? { data: [] }
      ).data
        .map((r) => `${r.requested_by.login}:${r.video_id}`)
        .sort();
    expect(await requested("viewer session")).toEqual([`kitchen_lab:${mine.id}`]);
    const everyone = [`kitchen_lab:${mine.id}`, `speedrun_sam:${theirs.id}`].sort();
    expect(await requested("admin session")).toEqual(everyone);
    expect(await requested("owner token (read)")).toEqual(everyone);
  });
});

describe("chat: any viewer reads a video's chat; a removed or unknown video has none", () => {
  test("chat.page, chat.search, chat.summary and the export answer a viewer, NOT_FOUND / 404 for the rest", async () => {
    await channel(app.repo, "7002", "ChatChannel");
    const [kept, removed] = [await finishedVideo(app.repo, "7002"), await finishedVideo(app.repo, "7002")];
    await app.repo.videos.markDeleted(removed.id, "manual");
    const viewer = credentials.get("viewer token (full)");
    const ask = async (path: string, input: Record<string, unknown>) =>
      (await trpc(app.url, path, { input, headers: viewer })).body;
    for (const [path, input] of [
      ["chat.page", { offset_seconds: 0 }],
      ["chat.search", { query: "hi" }],
      ["chat.summary", {}],
    ] as const) {
      expect((await ask(path, { video_id: kept.id, ...input })).result?.data).toBeDefined();
      for (const id of [removed.id, 999_999])
        expect({ path, id, code: (await ask(path, { video_id: id, ...input })).error?.data?.code }).toEqual({
          path,
          id,
          code: "NOT_FOUND",
        });
    }
    const download = (id: number) =>
      fetch(`${app.url}/api/v1/videos/${id}/chat?format=txt`, { headers: viewer });
    expect((await download(kept.id)).status).toBe(200);
    expect((await download(removed.id)).status).toBe(404);
  });
});

// REST routes, enumerated from the route modules app.ts mounts under /api/v1. Public ones answer without
// credentials by design (interfaces.md): health, the OAuth pair, EventSub (HMAC), signed downloads; and the
// demo's proxy of the simulator's sign-in page and images (mounted by `replayd demo` only).
const PUBLIC_REST = new Set([
  "GET /demo/twitch/*",
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
      authRoutes(w.services.auth, w.services.serviceAccount),
      webhookRoutes({
        inbox: new EventSubInbox({ repo: w.services.repo }),
        secret: () => "x".repeat(32),
        processing: () => false,
        onNotification: async () => {},
        log: quiet,
      }),
      partDownloadRoutes({ videos, storage: w.services.storage, signer: w.services.signer }),
      mediaRoutes({ videos, storage: w.services.storage, scratchRoot: "/nonexistent" }),
      chatExportRoutes({ chat: new ChatService({ repo: w.services.repo, imagesBase: "" }), log: quiet }),
      simulatorProxyRoutes("http://127.0.0.1:9"),
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

/** REST routes for the owner alone (the service account's sign-in, started from System). */
const OWNER_REST = new Set(["POST /auth/twitch/service-account"]);

/**
 * What a guarded REST route must answer a kind of caller: any signed-in caller may use them (they check no
 * role but OWNER_REST's, 403 to anyone else), except that a read token is anonymous on anything but GET and
 * HEAD, and a metrics token opens none.
 */
function expectedRest(caller: CallerKind, method: string, key: string): "answers" | 401 | 403 {
  if (caller.role === null || caller.scope === "metrics") return 401;
  if (caller.scope === "read" && !["GET", "HEAD"].includes(method)) return 401;
  if (OWNER_REST.has(key) && caller.role !== "owner") return 403;
  return "answers";
}

const routes = await restRoutes();

describe(`access: ${routes.length} REST routes × ${CALLERS.length} kinds of caller`, () => {
  test("each route: public by design, or 401 unless a caller it takes", async () => {
    expect(routes.length).toBeGreaterThan(8);
    const got: Record<string, Record<string, number | "answers">> = {};
    const want: Record<string, Record<string, number | "answers">> = {};
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      const url = `${app.url}/api/v1${route.path.replace(/:[a-z_]+/g, "1").replace("*", "x.jpg")}`;
      const row: Record<string, number> = {};
      for (const caller of CALLERS) {
        const res = await fetch(url, {
          method: route.method,
          redirect: "manual",
          headers: await headersFor(caller, key),
        });
        await res.body?.cancel();
        row[caller.name] = res.status;
      }
      if (PUBLIC_REST.has(key)) {
        // Its own check answers (a redirect, a bad signature), the same to everyone: never "sign in", never a 5xx.
        const anonymous = row.anonymous as number;
        got[key] = { ...row, public: anonymous === 401 || anonymous >= 500 ? anonymous : "answers" };
        want[key] = { ...Object.fromEntries(CALLERS.map((c) => [c.name, anonymous])), public: "answers" };
        continue;
      }
      // An answer is anything but "sign in" or "not allowed" (here a 404: there is no video 1), never a 5xx.
      got[key] = Object.fromEntries(
        Object.entries(row).map(([name, s]) => [name, s === 401 || s === 403 || s >= 500 ? s : "answers"]),
      );
      want[key] = Object.fromEntries(CALLERS.map((c) => [c.name, expectedRest(c, route.method, key)]));
    }
    expect(got).toEqual(want);
  });

  test("POST /api/v1/auth/logout takes an API token, not a revoked one", async () => {
    const post = (caller: string) =>
      fetch(`${app.url}/api/v1/auth/logout`, { method: "POST", headers: credentials.get(caller) });
    expect((await post("viewer token (full)")).status).toBe(200);
    expect((await post("revoked token")).status).toBe(401);
  });
});
