import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sha256Hex, TokenCipher } from "../../src/auth/crypto.ts";
import { startSimulator } from "../../src/sim/server.ts";
import { quiet } from "../support/recorder.ts";
import {
  CookieJar,
  signIn,
  simUserIds,
  startReplayd as startServer,
  TEST_SESSION_SECRET,
  trpc,
} from "../support/sign-in.ts";

// Sign-in end to end: replayd from source as a real process, the simulator's OAuth, a cookie jar.
const SECRET = TEST_SESSION_SECRET;
const sim = startSimulator({ log: quiet, port: 0, seed: 5 });
const servers: { stop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
  await sim.stop();
});

async function startReplayd(env: Record<string, string> = {}) {
  const app = await startServer(sim.url, env);
  servers.push(app);
  return app;
}

const simIds = () => simUserIds(sim.url);

async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const value = await probe();
    if (value) return value;
    await Bun.sleep(50);
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

const sessionCookie = (jar: CookieJar) => jar.received.find((l) => l.startsWith("replayd_session="));

describe("signing in through Twitch's OAuth (the simulator)", () => {
  let app: Awaited<ReturnType<typeof startReplayd>>;
  const owner = new CookieJar();
  beforeAll(async () => {
    app = await startReplayd({ TRUSTED_ORIGINS: "http://dash.test:5173", WHITELIST_ENABLED: "false" });
  });

  test("the first person becomes owner, with a session cookie and their follows mirrored", async () => {
    const { start, callback } = await signIn(app.url, owner, "sim_viewer");
    const authorize = new URL(start.headers.get("location") ?? "");
    expect(authorize.origin + authorize.pathname).toBe(`${sim.url}/oauth2/authorize`);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get("scope")).toBe("user:read:email user:read:follows");
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${app.url}/api/v1/auth/twitch/callback`);
    // The flow cookie (state + PKCE verifier) is encrypted: the browser cannot read it.
    expect(owner.received[0]).toMatch(/^replayd_oauth=v1\./);
    expect(owner.received[0]).not.toContain(authorize.searchParams.get("state") ?? "-");

    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe("/dashboard");
    const cookie = sessionCookie(owner) ?? "";
    expect(cookie).toMatch(/^replayd_session=[0-9a-f]{64};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=2592000/);
    expect(cookie).not.toMatch(/; Secure/); // plain http on loopback

    const me = await trpc(app.url, "auth.session", { jar: owner });
    expect(me.body.result?.data).toMatchObject({ login: "sim_viewer", role: "owner", via: "session" });
    const ids = await simIds();
    const follows = await until(async () => {
      const channels = await app.repo.channels.listIds();
      return channels.length >= 5 && channels;
    });
    expect(follows).toContain(ids.kitchen_lab as string);
  });

  test("the next person is a viewer", async () => {
    const jar = new CookieJar();
    await signIn(app.url, jar, "kitchen_lab");
    const me = await trpc(app.url, "auth.session", { jar });
    expect(me.body.result?.data).toMatchObject({ login: "kitchen_lab", role: "viewer" });
    expect((await trpc(app.url, "system.listUsers", { jar })).status).toBe(403);
    expect((await trpc(app.url, "system.listUsers", { jar: owner })).status).toBe(200);
  });

  test("Twitch tokens at rest are unreadable without SESSION_SECRET", async () => {
    const raw = owner.cookies.get("replayd_session") ?? "";
    const hashed = sha256Hex(raw);
    const row = (await app.repo.sessions.listForUser((await simIds()).sim_viewer as string)).find(
      (s) => s.hashed_id === hashed,
    );
    expect(row).toBeDefined();
    const stored = row?.encrypted_tokens ?? "";
    // The cookie itself is not stored, only its hash.
    expect(JSON.stringify(await app.repo.sessions.listForUser(row?.user_id ?? ""))).not.toContain(raw);
    const tokens = JSON.parse(new TokenCipher(SECRET).decrypt(stored, hashed)) as {
      access_token: string;
      refresh_token: string;
    };
    const valid = await fetch(`${sim.url}/oauth2/validate`, {
      headers: { Authorization: `OAuth ${tokens.access_token}` },
    });
    expect(((await valid.json()) as { login: string }).login).toBe("sim_viewer");
    expect(stored).not.toContain(tokens.access_token);
    expect(stored).not.toContain(tokens.refresh_token);
    expect(Buffer.from(stored.slice(3), "base64url").toString("latin1")).not.toContain(tokens.access_token);
    expect(() => new TokenCipher("another-secret".padEnd(40, "y")).decrypt(stored, hashed)).toThrow();
  });

  test("a callback whose state does not match is refused", async () => {
    const jar = new CookieJar();
    const start = await jar.fetch(`${app.url}/api/v1/auth/twitch?login=sim_viewer`);
    const authorize = await fetch(start.headers.get("location") ?? "", { redirect: "manual" });
    const back = new URL(authorize.headers.get("location") ?? "");
    back.searchParams.set("state", "0".repeat(32));
    const res = await jar.fetch(back.toString());
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?error=state_mismatch");
    expect(sessionCookie(jar)).toBeUndefined();
    // Without the flow cookie (another browser, or it expired): refused too.
    back.searchParams.set(
      "state",
      new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "",
    );
    const bare = await fetch(back.toString(), { redirect: "manual" });
    expect(bare.headers.get("location")).toBe("/login?error=state_mismatch");
  });

  test("a code obtained for another sign-in's PKCE challenge is refused", async () => {
    // The attacker's code (their own challenge) injected into the victim's flow: the verifier does not match.
    const attacker = new CookieJar();
    const victim = new CookieJar();
    const attackerStart = await attacker.fetch(`${app.url}/api/v1/auth/twitch?login=kitchen_lab`);
    const victimStart = await victim.fetch(`${app.url}/api/v1/auth/twitch?login=sim_viewer`);
    const authorize = await fetch(attackerStart.headers.get("location") ?? "", { redirect: "manual" });
    const code = new URL(authorize.headers.get("location") ?? "").searchParams.get("code") ?? "";
    const victimState = new URL(victimStart.headers.get("location") ?? "").searchParams.get("state") ?? "";
    const res = await victim.fetch(
      `${app.url}/api/v1/auth/twitch/callback?code=${code}&state=${victimState}&scope=`,
    );
    expect(res.headers.get("location")).toBe("/login?error=exchange_failed");
    expect(sessionCookie(victim)).toBeUndefined();
    // The server logs the simulator's reason as it answers: the line may land just after the response.
    await until(async () => app.server.lines.some((l) => l.includes("invalid code_verifier")));
  });

  test("a user who cancels at Twitch lands on the sign-in page with the reason", async () => {
    const faults = (body: unknown) =>
      fetch(`${sim.url}/sim/faults`, { method: "POST", body: JSON.stringify(body) });
    await faults({ oauth_authorize_deny: true });
    try {
      const { callback } = await signIn(app.url, new CookieJar(), "sim_viewer");
      expect(callback.headers.get("location")).toBe("/login?error=access_denied");
    } finally {
      await faults({ oauth_authorize_deny: false });
    }
  });

  test("cookies are Secure when the request came over HTTPS through a proxy", async () => {
    const res = await fetch(`${app.url}/api/v1/auth/twitch`, {
      headers: { "X-Forwarded-Proto": "https" },
      redirect: "manual",
    });
    const flow = res.headers.getSetCookie()[0] ?? "";
    expect(flow).toMatch(/^replayd_oauth=/);
    expect(flow).toMatch(/; Secure/);
    expect(flow).toMatch(/; HttpOnly/);
    expect(flow).toMatch(/; Path=\/api\/v1\/auth\/twitch/);
  });
});

describe("sessions, logout and API tokens", () => {
  let app: Awaited<ReturnType<typeof startReplayd>>;
  const owner = new CookieJar();
  const viewer = new CookieJar();
  beforeAll(async () => {
    app = await startReplayd({ TRUSTED_ORIGINS: "http://dash.test:5173", WHITELIST_ENABLED: "false" });
    await signIn(app.url, owner, "sim_viewer");
    await signIn(app.url, viewer, "speedrun_sam");
  });
  const sameOrigin = () => ({ Origin: app.url });

  test("sessions are listed with the current one marked, and another can be revoked", async () => {
    const laptop = new CookieJar();
    await signIn(app.url, laptop, "sim_viewer");
    const listed = (await trpc(app.url, "auth.sessions", { jar: owner })).body.result?.data as {
      hashed_id: string;
      current: boolean;
      ip_address: string | null;
      user_agent: string | null;
    }[];
    expect(listed).toHaveLength(2);
    expect(listed[0]?.ip_address).toBe("127.0.0.1");
    expect(listed[0]?.user_agent).toBeTruthy();
    expect(listed.filter((s) => s.current)).toHaveLength(1);
    const other = listed.find((s) => !s.current);
    expect(other?.hashed_id).toBe(sha256Hex(laptop.cookies.get("replayd_session") ?? ""));
    // Someone else's session is "not found", like one that does not exist.
    const foreign = await trpc(app.url, "auth.revokeSession", {
      jar: viewer,
      mutation: true,
      input: { hashed_id: other?.hashed_id },
      headers: sameOrigin(),
    });
    expect(foreign.status).toBe(404);
    const revoked = await trpc(app.url, "auth.revokeSession", {
      jar: owner,
      mutation: true,
      input: { hashed_id: other?.hashed_id },
      headers: sameOrigin(),
    });
    expect(revoked.status).toBe(200);
    expect((await trpc(app.url, "auth.sessions", { jar: laptop })).status).toBe(401);
    expect((await trpc(app.url, "auth.session", { jar: laptop })).body.result?.data).toBeNull();
  });

  test("signing in again from the same browser replaces its session", async () => {
    const jar = new CookieJar();
    await signIn(app.url, jar, "night_owl_music");
    const first = jar.cookies.get("replayd_session");
    await signIn(app.url, jar, "night_owl_music");
    expect(jar.cookies.get("replayd_session")).not.toBe(first);
    const sessions = await trpc(app.url, "auth.sessions", { jar });
    expect(sessions.body.result?.data).toHaveLength(1);
  });

  test("logout ends the session and clears the cookie", async () => {
    const jar = new CookieJar();
    await signIn(app.url, jar, "sim_viewer");
    const raw = jar.cookies.get("replayd_session") ?? "";
    const out = await trpc(app.url, "auth.logout", { jar, mutation: true, headers: sameOrigin() });
    expect(out.status).toBe(200);
    expect(out.res.headers.getSetCookie().join()).toMatch(
      /replayd_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax/,
    );
    // Replaying the old cookie does not work either: the session row is gone.
    const replay = await fetch(`${app.url}/trpc/auth.sessions`, {
      headers: { cookie: `replayd_session=${raw}` },
    });
    expect(replay.status).toBe(401);
    // The REST logout, for scripts.
    const rest = new CookieJar();
    await signIn(app.url, rest, "sim_viewer");
    const res = await rest.fetch(`${app.url}/api/v1/auth/logout`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(rest.cookies.has("replayd_session")).toBe(false);
    expect((await fetch(`${app.url}/api/v1/auth/logout`, { method: "POST" })).status).toBe(401);
  });

  test("a token's scope is chosen when it is made: read only reads, metrics opens no procedure; it expires in 90 days unless told", async () => {
    const mint = async (name: string, scope: string, extra: Record<string, unknown> = {}) =>
      trpc(app.url, "auth.createApiToken", {
        jar: viewer,
        mutation: true,
        input: { name, scope, ...extra },
        headers: sameOrigin(),
      });
    const unscoped = await trpc(app.url, "auth.createApiToken", {
      jar: viewer,
      mutation: true,
      input: { name: "no scope" },
      headers: sameOrigin(),
    });
    expect([unscoped.status, unscoped.body.error?.message]).toEqual([400, expect.stringContaining("scope")]);

    const read = (await mint("reader", "read")).body.result?.data as { token: string; expires_at: string };
    const days = (Date.parse(read.expires_at) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
    const reader = { Authorization: `Bearer ${read.token}` };
    expect((await trpc(app.url, "auth.apiTokens", { headers: reader })).status).toBe(200);
    const write = await trpc(app.url, "channel.setFavorite", {
      mutation: true,
      input: { broadcaster_id: "1", favorite: true },
      headers: reader,
    });
    expect([write.status, write.body.error?.message]).toEqual([
      403,
      expect.stringContaining("can only read"),
    ]);
    // REST: a read token reads, and changes nothing.
    expect((await fetch(`${app.url}/api/v1/auth/logout`, { method: "POST", headers: reader })).status).toBe(
      401,
    );

    const metrics = (await mint("prometheus", "metrics", { expires_in_days: null })).body.result?.data as {
      token: string;
      expires_at: string | null;
    };
    expect(metrics.expires_at).toBeNull();
    const scraper = { Authorization: `Bearer ${metrics.token}` };
    const asked = await trpc(app.url, "auth.apiTokens", { headers: scraper });
    expect([asked.status, asked.body.error?.message]).toEqual([403, expect.stringContaining("metrics only")]);

    // Revoked again, so the next test starts with none.
    const listed = (await trpc(app.url, "auth.apiTokens", { jar: viewer })).body.result?.data as {
      id: number;
    }[];
    for (const { id } of listed) {
      await trpc(app.url, "auth.revokeApiToken", {
        jar: viewer,
        mutation: true,
        input: { id },
        headers: sameOrigin(),
      });
    }
  });

  test("an API token acts for its owner with the owner's current role, until revoked", async () => {
    const created = await trpc(app.url, "auth.createApiToken", {
      jar: viewer,
      mutation: true,
      input: { name: "backup script", scope: "full" },
      headers: sameOrigin(),
    });
    const { token, id, token_prefix } = (created.body.result?.data ?? {}) as {
      token: string;
      id: number;
      token_prefix: string;
    };
    expect(token).toMatch(/^rpd_/);
    expect(token.startsWith(token_prefix)).toBe(true);
    const bearer = { Authorization: `Bearer ${token}` };
    // Shown once: the list never includes it.
    const listed = await trpc(app.url, "auth.apiTokens", { jar: viewer });
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(listed.body.result?.data).toEqual([expect.objectContaining({ id, name: "backup script" })]);

    const me = await trpc(app.url, "auth.session", { headers: bearer });
    expect(me.body.result?.data).toMatchObject({ login: "speedrun_sam", role: "viewer", via: "token" });
    expect((await trpc(app.url, "system.listUsers", { headers: bearer })).status).toBe(403);
    // Bearer on /api/v1 too, and no CSRF check: no cookie is involved.
    const rest = await fetch(`${app.url}/api/v1/auth/logout`, {
      method: "POST",
      headers: { ...bearer, Origin: "https://elsewhere.example" },
    });
    expect(rest.status).toBe(200);
    // A token cannot mint more tokens.
    const minted = await trpc(app.url, "auth.createApiToken", {
      mutation: true,
      input: { name: "x", scope: "full" },
      headers: bearer,
    });
    expect(minted.status).toBe(403);

    // The owner promotes the token's owner: the token follows the current role.
    const promote = await trpc(app.url, "system.updateUserRole", {
      jar: owner,
      mutation: true,
      input: { user_id: (await simIds()).speedrun_sam, role: "owner" },
      headers: sameOrigin(),
    });
    expect(promote.status).toBe(200);
    expect((await trpc(app.url, "system.listUsers", { headers: bearer })).status).toBe(200);

    const revoke = await trpc(app.url, "auth.revokeApiToken", {
      jar: viewer,
      mutation: true,
      input: { id },
      headers: sameOrigin(),
    });
    expect(revoke.status).toBe(200);
    expect((await trpc(app.url, "system.listUsers", { headers: bearer })).status).toBe(401);
    expect((await fetch(`${app.url}/api/v1/auth/logout`, { method: "POST", headers: bearer })).status).toBe(
      401,
    );
    expect((await trpc(app.url, "auth.session", { headers: bearer })).body.result?.data).toBeNull();
    expect(
      (await trpc(app.url, "auth.session", { headers: { Authorization: "Bearer rpd_made-up" } })).body.result
        ?.data,
    ).toBeNull();
  });

  test("cross-origin unsafe requests with the session cookie are refused; same-origin and trusted pass", async () => {
    const post = (headers: Record<string, string>) =>
      trpc(app.url, "auth.sessions", { jar: owner, mutation: true, headers }).then((r) => r.status);
    // auth.sessions is a query: a POST reaching tRPC answers 405, which shows the guard let it through.
    expect(await post({ Origin: "https://evil.example" })).toBe(403);
    expect(await post({ "Sec-Fetch-Site": "cross-site", Origin: "https://evil.example" })).toBe(403);
    expect(await post({ "Sec-Fetch-Site": "same-site" })).toBe(403);
    expect(await post({ Referer: "https://evil.example/page" })).toBe(403);
    expect(await post({ Origin: app.url })).not.toBe(403);
    expect(await post({ "Sec-Fetch-Site": "same-origin" })).not.toBe(403);
    expect(await post({ Origin: "http://dash.test:5173", "Sec-Fetch-Site": "cross-site" })).not.toBe(403);
    // The refused request did nothing: the session is still there.
    expect((await trpc(app.url, "auth.session", { jar: owner })).body.result?.data).toMatchObject({
      role: "owner",
    });
    const refused = await trpc(app.url, "auth.logout", {
      jar: owner,
      mutation: true,
      headers: { Origin: "https://evil.example" },
    });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toContain("TRUSTED_ORIGINS");
    expect((await trpc(app.url, "auth.session", { jar: owner })).body.result?.data).not.toBeNull();
    // The EventSub receiver is exempt: its requests are signed, not cookie-borne.
    const hook = await fetch(`${app.url}/api/v1/webhook/callback`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/json" },
      body: "{}",
    });
    expect(await hook.text()).not.toContain("cross-origin");
  });

  test("CORS answers trusted origins only, with credentials", async () => {
    const preflight = (origin: string) =>
      fetch(`${app.url}/trpc/auth.logout`, {
        method: "OPTIONS",
        headers: {
          Origin: origin,
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "content-type",
        },
      });
    const trusted = await preflight("http://dash.test:5173");
    expect(trusted.headers.get("access-control-allow-origin")).toBe("http://dash.test:5173");
    expect(trusted.headers.get("access-control-allow-credentials")).toBe("true");
    expect(trusted.headers.get("access-control-allow-methods")).toContain("POST");
    const call = await owner.fetch(`${app.url}/trpc/auth.session`, {
      headers: { Origin: "http://dash.test:5173" },
    });
    expect(call.status).toBe(200);
    expect(call.headers.get("access-control-allow-origin")).toBe("http://dash.test:5173");
    expect(call.headers.get("access-control-allow-credentials")).toBe("true");
    const untrusted = await preflight("https://evil.example");
    expect(untrusted.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("the whitelist", () => {
  test("is on by default: the first person in becomes the owner, the next is refused until the owner adds them", async () => {
    const ids = await simIds();
    const app = await startReplayd();
    const owner = new CookieJar();
    await signIn(app.url, owner, "night_owl_music");
    expect((await trpc(app.url, "auth.session", { jar: owner })).body.result?.data).toMatchObject({
      role: "owner",
    });
    const next = new CookieJar();
    expect((await signIn(app.url, next, "code_garden")).callback.headers.get("location")).toBe(
      "/login?error=not_whitelisted",
    );
    await trpc(app.url, "system.addWhitelist", {
      jar: owner,
      mutation: true,
      input: { twitch_user_id: ids.code_garden },
      headers: { Origin: app.url },
    });
    expect((await signIn(app.url, next, "code_garden")).callback.headers.get("location")).toBe("/dashboard");
    expect((await trpc(app.url, "auth.session", { jar: next })).body.result?.data).toMatchObject({
      role: "viewer",
    });
    // The owner is never locked out, whitelist or not (nor is one from before the whitelist was on).
    expect((await signIn(app.url, new CookieJar(), "night_owl_music")).callback.headers.get("location")).toBe(
      "/dashboard",
    );
  });

  test("only listed people (and the configured owner) get in; removal signs them out", async () => {
    const ids = await simIds();
    const app = await startReplayd({
      WHITELIST_ENABLED: "true",
      OWNER_TWITCH_ID: ids.sim_viewer as string,
      WHITELISTED_USER_IDS: ids.retro_arena as string,
    });
    const stranger = new CookieJar();
    const { callback } = await signIn(app.url, stranger, "code_garden");
    expect(callback.headers.get("location")).toBe("/login?error=not_whitelisted");
    expect(sessionCookie(stranger)).toBeUndefined();
    expect(await app.repo.users.getById(ids.code_garden as string)).toBeNull();

    // With OWNER_TWITCH_ID set, the first person in is not the owner; the configured one is.
    const listed = new CookieJar();
    await signIn(app.url, listed, "retro_arena");
    expect((await trpc(app.url, "auth.session", { jar: listed })).body.result?.data).toMatchObject({
      role: "viewer",
    });
    const owner = new CookieJar();
    await signIn(app.url, owner, "sim_viewer");
    expect((await trpc(app.url, "auth.session", { jar: owner })).body.result?.data).toMatchObject({
      role: "owner",
    });

    const headers = { Origin: app.url };
    const whitelist = await trpc(app.url, "system.listWhitelist", { jar: owner });
    expect(
      ((whitelist.body.result?.data ?? []) as { twitch_user_id: string }[])
        .map((w) => w.twitch_user_id)
        .sort(),
    ).toEqual([ids.retro_arena as string, ids.sim_viewer as string].sort());
    await trpc(app.url, "system.addWhitelist", {
      jar: owner,
      mutation: true,
      input: { twitch_user_id: ids.code_garden },
      headers,
    });
    expect((await signIn(app.url, stranger, "code_garden")).callback.headers.get("location")).toBe(
      "/dashboard",
    );

    const removed = await trpc(app.url, "system.removeWhitelist", {
      jar: owner,
      mutation: true,
      input: { twitch_user_id: ids.retro_arena },
      headers,
    });
    expect(removed.body.result?.data).toMatchObject({ removed: true, sessions_revoked: 1 });
    expect((await trpc(app.url, "auth.sessions", { jar: listed })).status).toBe(401);
    expect((await signIn(app.url, new CookieJar(), "retro_arena")).callback.headers.get("location")).toBe(
      "/login?error=not_whitelisted",
    );
    // The owner cannot demote themselves.
    const demote = await trpc(app.url, "system.updateUserRole", {
      jar: owner,
      mutation: true,
      input: { user_id: ids.sim_viewer, role: "viewer" },
      headers,
    });
    expect(demote.status).toBe(400);
  });
});
