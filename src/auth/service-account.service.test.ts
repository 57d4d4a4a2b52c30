import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { type FreshDatabase, freshDatabase } from "../../tests/support/databases.ts";
import { until } from "../../tests/support/until.ts";
import { createRepository, type Repository } from "../db/repository.ts";
import { PreconditionError } from "../domain/errors.ts";
import { createLogger } from "../log/logger.ts";
import { startSimulator } from "../sim/server.ts";
import { twitchEndpoints } from "../twitch/endpoints.ts";
import { HelixClient } from "../twitch/helix.client.ts";
import { secretSealer, TokenCipher } from "./crypto.ts";
import { SERVICE_ACCOUNT_ENV, ServiceAccountService } from "./service-account.service.ts";
import { RETRY_AFTER_MS } from "./token-refresher.ts";
import { newPkcePair, TwitchOAuth, type TwitchTokens } from "./twitch-oauth.ts";

// The service account against the simulator's OAuth and Helix and a real SQLite database.
const quietLog = createLogger({ level: "fatal", format: "json" });
const sim = startSimulator({ log: quietLog, port: 0, seed: 8 });
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
const sealer = secretSealer(new TokenCipher("unit-test-secret".padEnd(40, "u")), "twitch_service_account");

let db: FreshDatabase;
let repo: Repository;
/** Moves the service's clock forward: a token comes due without waiting. */
let skewMs = 0;
let warnings: string[] = [];
const log = { info: () => {}, warn: (message: unknown) => void warnings.push(String(message)) };

function service(envRefreshToken = "") {
  return new ServiceAccountService({
    repo,
    oauth,
    helix,
    sealer,
    envRefreshToken,
    log,
    now: () => Date.now() + skewMs,
  });
}

beforeEach(async () => {
  db = await freshDatabase("sqlite");
  repo = createRepository(await db.open());
  skewMs = 0;
  warnings = [];
});
afterEach(() => db.dispose());

/** A real code exchange with PKCE, as the sign-in callback makes it, for simulated user `login`. */
async function userTokens(login: string): Promise<TwitchTokens> {
  const { verifier, challenge } = newPkcePair();
  const redirectUri = "http://127.0.0.1:9/api/v1/auth/twitch/callback";
  const url = oauth.authorizeUrl({ redirectUri, state: "s", challenge, scopes: [], extra: { login } });
  const authorize = await fetch(url, { redirect: "manual" });
  const code = new URL(authorize.headers.get("location") ?? "").searchParams.get("code") ?? "";
  return oauth.exchangeCode({ code, verifier, redirectUri });
}

/** Who Twitch says a token belongs to (null: not a live token). */
async function ownerOf(token: string | null): Promise<string | null> {
  if (!token) return null;
  const res = await fetch(`${sim.url}/oauth2/validate`, { headers: { Authorization: `OAuth ${token}` } });
  return res.ok ? ((await res.json()) as { login: string }).login : null;
}

describe("the service account", () => {
  test("signed in: stored sealed, shown without tokens, and its token plays back as that user", async () => {
    await repo.users.upsertOnSignIn(
      { id: "owner-1", login: "owner", display_name: "Owner", email: null, profile_image_url: null },
      { ownerId: "owner-1" },
    );
    const accounts = service();
    const tokens = await userTokens("speedrun_sam");
    const set = await accounts.setFromSignIn(tokens, "owner-1");
    expect(set).toMatchObject({ login: "speedrun_sam", display_name: "SpeedrunSam", source: "dashboard" });
    expect(JSON.stringify(set)).not.toContain(tokens.access_token);

    const row = await repo.serviceAccount.get();
    expect(row?.encrypted_tokens).toStartWith("v1.");
    expect(row?.encrypted_tokens).not.toContain(tokens.refresh_token);
    expect(await ownerOf(await accounts.token())).toBe("speedrun_sam");
    expect((await accounts.status()).account?.login).toBe("speedrun_sam");

    // No replayd user is made for it; the event log says who set it.
    expect(await repo.users.count()).toBe(1);
    const events = await repo.eventLogs.list({ limit: 10, offset: 0, domain: "settings" });
    expect(events.data.map((e) => [e.event_type, e.message, e.actor_user_id, e.data])).toEqual([
      ["service_account_set", "service account set to speedrun_sam", "owner-1", { login: "speedrun_sam" }],
    ]);
  });

  test("60 s before expiry the token is refreshed once for concurrent asks, stored sealed, and the old one stops", async () => {
    const accounts = service();
    const tokens = await userTokens("speedrun_sam");
    await accounts.setFromSignIn(tokens, "owner-1");
    skewMs = tokens.expires_at - Date.now() - 59_000;
    const asked = await Promise.all(Array.from({ length: 5 }, () => accounts.token()));
    expect(new Set(asked).size).toBe(1);
    expect(asked[0]).not.toBe(tokens.access_token);
    expect(await ownerOf(asked[0] ?? null)).toBe("speedrun_sam");
    const row = await repo.serviceAccount.get();
    expect(row?.refreshed_at).not.toBeNull();
    // The simulator rotates refresh tokens: the first one was spent by the one refresh.
    await expect(oauth.refresh(tokens.refresh_token)).rejects.toThrow("Invalid refresh token");
  });

  test("a refresh Twitch refuses: anonymous playback, the reason kept and announced once, and it recovers", async () => {
    const accounts = service();
    const tokens = await userTokens("speedrun_sam");
    await accounts.setFromSignIn(tokens, "owner-1");
    // Someone spends the refresh token elsewhere: ours is refused from now on.
    const elsewhere = await oauth.refresh(tokens.refresh_token);
    skewMs = tokens.expires_at - Date.now();
    expect(await accounts.token()).toBeNull();
    expect(await accounts.token()).toBeNull();
    skewMs += RETRY_AFTER_MS;
    expect(await accounts.token()).toBeNull();
    const status = await accounts.status();
    expect(status.account?.last_error).toBe(
      "cannot refresh its token: Twitch refused the refresh_token request: Invalid refresh token",
    );
    expect(warnings).toEqual([
      "service account: cannot refresh its token: Twitch refused the refresh_token request: Invalid refresh " +
        "token; recording anonymously until it works again",
    ]);
    const events = await repo.eventLogs.list({ limit: 10, offset: 0, domain: "settings" });
    expect(events.data.filter((e) => e.event_type === "service_account_failed")).toMatchObject([
      {
        message:
          "service account: cannot refresh its token: Twitch refused the refresh_token request: Invalid " +
          "refresh token; recording anonymously until it works again",
        // The reason as a code, and the error it quotes, for the dashboard's words.
        data: {
          cause: "refresh_failed",
          error: "Twitch refused the refresh_token request: Invalid refresh token",
        },
      },
    ]);

    // Signed in again: its token works at once, and the error is gone.
    await accounts.setFromSignIn({ ...elsewhere, expires_at: Date.now() + skewMs + 3_600_000 }, "owner-1");
    expect(await ownerOf(await accounts.token())).toBe("speedrun_sam");
    expect((await accounts.status()).account?.last_error).toBeNull();
  });

  test("a token Twitch refuses for playback is not sent again for a minute; then it is refreshed", async () => {
    const accounts = service();
    await accounts.setFromSignIn(await userTokens("speedrun_sam"), "owner-1");
    const first = (await accounts.token()) as string;
    accounts.refused(first);
    expect(await accounts.token()).toBeNull();
    // Announced in the background: the refusal comes from playback, which does not wait for it.
    const failed = await until("the failure announced", async () =>
      (await repo.eventLogs.list({ limit: 10, offset: 0, domain: "settings" })).data.find(
        (e) => e.event_type === "service_account_failed",
      ),
    );
    expect(failed).toMatchObject({
      message:
        "service account: Twitch refused its token for playback (revoked, or not accepted by Twitch's " +
        "player); recording anonymously until it works again",
      data: { cause: "refused" },
    });
    skewMs = RETRY_AFTER_MS;
    const next = await accounts.token();
    expect(next).not.toBe(first);
    expect(await ownerOf(next)).toBe("speedrun_sam");
  });

  test("removed: anonymous from the next token on; a second remove finds none", async () => {
    await repo.users.upsertOnSignIn(
      { id: "owner-1", login: "owner", display_name: "Owner", email: null, profile_image_url: null },
      { ownerId: "owner-1" },
    );
    const accounts = service();
    await accounts.setFromSignIn(await userTokens("speedrun_sam"), "owner-1");
    expect(await accounts.token()).not.toBeNull();
    expect(await accounts.remove("owner-1")).toBe(true);
    expect(await accounts.token()).toBeNull();
    expect(await accounts.status()).toEqual({ account: null, managed_by_env: false, env_error: null });
    expect(await accounts.remove("owner-1")).toBe(false);
    const events = await repo.eventLogs.list({ limit: 10, offset: 0, domain: "settings" });
    expect(events.data.find((e) => e.event_type === "service_account_removed")).toMatchObject({
      message: "service account speedrun_sam removed",
      data: { login: "speedrun_sam" },
    });
  });

  test(`${SERVICE_ACCOUNT_ENV}: its account is made on first use, kept across restarts, and the page cannot change it`, async () => {
    const seed = (await userTokens("night_owl_music")).refresh_token;
    const first = service(seed);
    expect(await ownerOf(await first.token())).toBe("night_owl_music");
    expect(await first.status()).toMatchObject({
      account: { login: "night_owl_music", source: "env" },
      managed_by_env: true,
      env_error: null,
    });
    await expect(first.setFromSignIn(await userTokens("speedrun_sam"), "owner-1")).rejects.toBeInstanceOf(
      PreconditionError,
    );
    await expect(first.remove("owner-1")).rejects.toThrow(SERVICE_ACCOUNT_ENV);

    // A restart with the same variable: the stored (rotated) tokens are used, the spent seed is not.
    const restarted = service(seed);
    expect(await ownerOf(await restarted.token())).toBe("night_owl_music");
    expect(warnings).toEqual([]);
  });

  test(`a ${SERVICE_ACCOUNT_ENV} Twitch refuses: anonymous playback, and the page says why`, async () => {
    const accounts = service("not-a-refresh-token-twitch-knows");
    expect(await accounts.token()).toBeNull();
    expect(await accounts.status()).toEqual({
      account: null,
      managed_by_env: true,
      env_error: `${SERVICE_ACCOUNT_ENV}: Twitch refused the refresh_token request: Invalid refresh token`,
    });
    expect(warnings).toHaveLength(1);
  });
});
