import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { type FreshDatabase, freshDatabase } from "../../tests/support/databases.ts";
import { FollowSync } from "../channels/follow-sync.service.ts";
import { createRepository, type Repository } from "../db/repository.ts";
import type { NewEventLog } from "../domain/ops.ts";
import type { Caller } from "../domain/users.ts";
import { createLogger } from "../log/logger.ts";
import { startSimulator } from "../sim/server.ts";
import { twitchEndpoints } from "../twitch/endpoints.ts";
import { HelixClient } from "../twitch/helix.client.ts";
import { AuthService, TwitchSessionExpiredError } from "./auth.service.ts";
import { sha256Hex, TokenCipher } from "./crypto.ts";
import { newPkcePair, TwitchOAuth, type TwitchTokens } from "./twitch-oauth.ts";
import { UserAdmin } from "./users.service.ts";

// Twitch user tokens on demand, against the simulator's OAuth and a real SQLite database.
const log = createLogger({ level: "fatal", format: "json" });
const sim = startSimulator({ log, port: 0, seed: 3 });
afterAll(() => sim.stop());
const endpoints = twitchEndpoints({
  client_id: "",
  client_secret: "",
  simulator_url: sim.url,
  helix_url: "",
  oauth_url: "",
  gql_url: "",
  usher_url: "",
});
const credentials = { clientId: "replayd-test", clientSecret: "secret" };
const oauth = new TwitchOAuth({ base: endpoints.oauth, ...credentials });
const helix = new HelixClient({ endpoints, ...credentials });
const cipher = new TokenCipher("unit-test-secret".padEnd(40, "u"));

let db: FreshDatabase;
let repo: Repository;
/** Moves this service's clock forward: a token "expires" without waiting. */
let skewMs = 0;
let auth: AuthService;
beforeEach(async () => {
  db = await freshDatabase("sqlite");
  repo = createRepository(await db.open());
  skewMs = 0;
  auth = new AuthService({
    repo,
    helix,
    oauth,
    cipher,
    follows: new FollowSync({ repo, helix }),
    settings: {
      ownerTwitchId: "",
      whitelistEnabled: false,
      whitelistedUserIds: [],
      publicBaseUrl: "",
      trustedOrigins: new Set(),
      simulated: true,
    },
    log,
    now: () => Date.now() + skewMs,
  });
});
afterEach(() => db.dispose());

/** A real code exchange with PKCE, as the callback does it. */
async function userTokens(login: string): Promise<TwitchTokens> {
  const { verifier, challenge } = newPkcePair();
  const redirectUri = "http://127.0.0.1:9/api/v1/auth/twitch/callback";
  const authorize = await fetch(
    oauth.authorizeUrl({ redirectUri, state: "s", challenge, extra: { login } }),
    {
      redirect: "manual",
    },
  );
  const code = new URL(authorize.headers.get("location") ?? "").searchParams.get("code") ?? "";
  return oauth.exchangeCode({ code, verifier, redirectUri });
}

const validates = async (token: string) =>
  (await fetch(`${sim.url}/oauth2/validate`, { headers: { Authorization: `OAuth ${token}` } })).status ===
  200;

async function signedIn(): Promise<{ caller: Caller; tokens: TwitchTokens; sessionId: string }> {
  const tokens = await userTokens("sim_viewer");
  const { sessionId } = await auth.signIn(tokens, { userAgent: "test", ip: null });
  const caller = await auth.sessionCaller(sessionId);
  if (!caller) throw new Error("no caller");
  return { caller, tokens, sessionId };
}

describe("Twitch user tokens on demand", () => {
  test("a fresh token is used as is; one about to expire is refreshed once for concurrent callers", async () => {
    const { caller, tokens } = await signedIn();
    expect(await auth.twitchAccessToken(caller)).toBe(tokens.access_token);

    skewMs = 14_124_000; // the token's lifetime: it is now past due here
    const all = await Promise.all(Array.from({ length: 5 }, () => auth.twitchAccessToken(caller)));
    expect(new Set(all).size).toBe(1);
    expect(all[0]).not.toBe(tokens.access_token);
    // One refresh only: Twitch rotates refresh tokens, so a second refresh with the old one would have failed.
    expect(await validates(all[0] as string)).toBe(true);
    // Persisted, re-encrypted: the next call (the clock back to normal) reads the new token.
    skewMs = 0;
    expect(await auth.twitchAccessToken(caller)).toBe(all[0] as string);
    const row = (await repo.sessions.findValid(caller.sessionId ?? ""))?.session;
    expect(row?.encrypted_tokens).not.toContain(all[0] as string);
  });

  test("a token Twitch refused early is refreshed and the call retried", async () => {
    const { caller, tokens } = await signedIn();
    await fetch(`${sim.url}/sim/oauth/expire`, {
      method: "POST",
      body: JSON.stringify({ login: "sim_viewer" }),
    });
    expect(await validates(tokens.access_token)).toBe(false);
    const used: string[] = [];
    const [me] = await auth.asUser(caller, (token) => {
      used.push(token);
      return helix.users({}, token);
    });
    expect(me?.login).toBe("sim_viewer");
    expect(used).toHaveLength(2);
    expect(used[0]).toBe(tokens.access_token);
  });

  test("an API-token caller uses the tokens of their latest session", async () => {
    const { caller, tokens } = await signedIn();
    const { token } = await auth.createApiToken(caller.id, { name: "script", scope: "full" });
    const viaToken = await auth.tokenCaller(token);
    expect(viaToken).toMatchObject({ id: caller.id, via: "token" });
    expect(await auth.twitchAccessToken(viaToken as Caller)).toBe(tokens.access_token);
  });

  test("when Twitch no longer accepts the refresh token, the user is told to sign in again", async () => {
    const { caller } = await signedIn();
    // Someone else used the refresh token (Twitch rotated it): the stored one is now dead.
    const row = (await repo.sessions.findValid(caller.sessionId ?? ""))?.session;
    const stored = JSON.parse(cipher.decrypt(row?.encrypted_tokens ?? "", row?.hashed_id)) as TwitchTokens;
    await oauth.refresh(stored.refresh_token);
    await expect(auth.twitchAccessToken(caller, { force: true })).rejects.toBeInstanceOf(
      TwitchSessionExpiredError,
    );
  });

  test("tokens stored under another SESSION_SECRET cannot be used", async () => {
    const { caller } = await signedIn();
    const hashed = caller.sessionId ?? "";
    await repo.sessions.updateTokens(
      hashed,
      new TokenCipher("another".padEnd(40, "z")).encrypt("{}", hashed),
    );
    await expect(auth.twitchAccessToken(caller)).rejects.toBeInstanceOf(TwitchSessionExpiredError);
  });
});

describe("sessions", () => {
  test("an unknown, malformed or expired session id is nobody", async () => {
    const { caller, sessionId } = await signedIn();
    expect(await auth.sessionCaller("not-hex")).toBeNull();
    expect(await auth.sessionCaller("0".repeat(64))).toBeNull();
    expect(caller.role).toBe("owner");
    // Expiry is absolute: 30 days after sign-in, whatever the activity.
    const sessions = await auth.listSessions(caller.id, caller.sessionId);
    const created = Date.parse(sessions[0]?.created_at ?? "");
    expect(Date.parse(sessions[0]?.expires_at ?? "") - created).toBe(30 * 86_400_000);
    expect(await auth.sessionCaller(sessionId)).not.toBeNull();
    const later = createRepository(await db.open(), { clock: () => new Date(Date.now() + 31 * 86_400_000) });
    const laterAuth = new AuthService({ ...auth.deps, repo: later });
    expect(await laterAuth.sessionCaller(sessionId)).toBeNull();
    expect(await repo.sessions.listForUser(caller.id)).toHaveLength(0); // the expired row is gone
  });
});

describe("API tokens", () => {
  /** A user with `role` and an API token of theirs. */
  async function tokenOf(id: string, role: "owner" | "viewer") {
    await repo.users.upsertOnSignIn({ id, login: `u${id}`, display_name: `U${id}` });
    await repo.users.setRole(id, role);
    return auth.createApiToken(id, { name: "script", scope: "read" });
  }

  test("a token's caller is remembered for a minute: revoked behind the service's back, it works until then", async () => {
    const { token, api_token } = await tokenOf("501", "viewer");
    expect(await auth.tokenCaller(token)).toMatchObject({
      id: "501",
      role: "viewer",
      via: "token",
      scope: "read",
    });
    // Another process (or a hand-edited database) deletes it: this one learns within the minute.
    await repo.apiTokens.delete("501", api_token.id);
    expect(await auth.tokenCaller(token)).toMatchObject({ id: "501" });
    skewMs = 60_000;
    expect(await auth.tokenCaller(token)).toBeNull();
  });

  test("revoked here, or its owner's role changed or admission removed, the token is checked afresh at once", async () => {
    const owner = await tokenOf("502", "owner");
    const viewer = await tokenOf("503", "viewer");
    const admin = new UserAdmin({ repo, auth });
    const ownerCaller = await auth.tokenCaller(owner.token);
    expect(await auth.tokenCaller(viewer.token)).toMatchObject({ role: "viewer" });
    await admin.setRole(ownerCaller as Caller, "503", "admin");
    expect(await auth.tokenCaller(viewer.token)).toMatchObject({ role: "admin" });
    await admin.disallow("503");
    expect(await auth.tokenCaller(viewer.token)).toBeNull();
    expect(await auth.revokeApiToken("502", owner.api_token.id)).toBe(true);
    expect(await auth.tokenCaller(owner.token)).toBeNull();
  });

  test("a token that expires within the remembered minute is refused from its expiry on", async () => {
    // The database's clock moves with the service's.
    const skewed = createRepository(await db.open(), { clock: () => new Date(Date.now() + skewMs) });
    const expiring = new AuthService({ ...auth.deps, repo: skewed });
    await skewed.users.upsertOnSignIn({ id: "504", login: "u504", display_name: "U504" });
    const token = "rpd_expiring_soon_0123456789";
    await skewed.apiTokens.create({
      user_id: "504",
      name: "short",
      scope: "metrics",
      token_hash: sha256Hex(token),
      token_prefix: token.slice(0, 12),
      expires_at: new Date(Date.now() + 30_000).toISOString(),
    });
    expect(await expiring.tokenCaller(token)).toMatchObject({ id: "504", scope: "metrics" });
    skewMs = 29_000;
    expect(await expiring.tokenCaller(token)).toMatchObject({ id: "504" });
    skewMs = 30_000;
    expect(await expiring.tokenCaller(token)).toBeNull();
  });
});

describe("in the API", () => {
  test("a Twitch sign-in that is gone is UNAUTHORIZED, telling the user to sign in again", async () => {
    const { createCallerFactory, publicProcedure, router } = await import("../trpc/trpc.ts");
    const probe = router({
      followed: publicProcedure.query(() => {
        throw new TwitchSessionExpiredError("Twitch no longer accepts this sign-in: sign in again");
      }),
    });
    const caller = createCallerFactory(probe)({ requestId: "t", caller: null, api: {} as never });
    const err = (await caller.followed().catch((e: unknown) => e)) as { code: string; message: string };
    expect(err.code).toBe("UNAUTHORIZED");
    expect(err.message).toContain("sign in again");
  });
});

describe("sign-in in the event log", () => {
  test("a sign-in says who and as what; one the whitelist refuses says who was refused", async () => {
    const logged: NewEventLog[] = [];
    const first = new AuthService({
      ...auth.deps,
      settings: { ...auth.deps.settings, whitelistEnabled: true },
      events: { write: async (e) => void logged.push(e) },
    });
    // The first person in becomes the owner (a fresh install); the next is not on the whitelist.
    await first.signIn(await userTokens("sim_viewer"), { userAgent: "test", ip: null });
    const refused = first.signIn(await userTokens("code_garden"), { userAgent: "test", ip: null });
    await expect(refused).rejects.toMatchObject({ code: "not_whitelisted" });
    expect(logged.map((e) => [e.domain, e.event_type, e.severity, e.message])).toEqual([
      ["auth", "sign_in", "info", "sim_viewer signed in (owner)"],
      [
        "auth",
        "sign_in_refused",
        "warn",
        expect.stringMatching(/^sign-in refused: Twitch user code_garden \(\d+\) is not on the whitelist$/),
      ],
    ]);
  });
});
