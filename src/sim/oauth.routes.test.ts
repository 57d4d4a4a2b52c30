import { describe, expect, test } from "bun:test";
import { CLIENT_ID, CLIENT_SECRET, testSim } from "../../tests/support/sim.ts";
import { s256Challenge } from "./auth/pkce.ts";
import { APP_TOKEN_SECONDS, USER_TOKEN_SECONDS } from "./auth/tokens.ts";
import { FIXTURE_VIEWER } from "./fixture.ts";

const REDIRECT = "http://localhost:8080/api/v1/auth/twitch/callback";
const VERIFIER = "a-verifier-long-enough-to-satisfy-rfc-7636-rules-0123456789";

function authorizeUrl(extra: Record<string, string> = {}) {
  const query = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT,
    response_type: "code",
    scope: "user:read:email user:read:follows",
    state: "st4te",
    code_challenge: s256Challenge(VERIFIER),
    code_challenge_method: "S256",
    ...extra,
  });
  return `/oauth2/authorize?${query}`;
}

async function authorize(t: ReturnType<typeof testSim>, extra: Record<string, string> = {}) {
  const res = await t.request(authorizeUrl(extra));
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location") ?? "");
}

function exchange(t: ReturnType<typeof testSim>, code: string, extra: Record<string, string> = {}) {
  return t.form("/oauth2/token", {
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT,
    code_verifier: VERIFIER,
    ...extra,
  });
}

const validate = (t: ReturnType<typeof testSim>, authorization: string) =>
  t.request("/oauth2/validate", { headers: { Authorization: authorization } });

describe("OAuth: client credentials", () => {
  test("an app token is a bearer token of Twitch's lifetime that validates without a user", async () => {
    const t = testSim();
    const res = await t.form("/oauth2/token", {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      grant_type: "client_credentials",
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[a-z0-9]{30}$/),
      expires_in: APP_TOKEN_SECONDS,
      token_type: "bearer",
    });
    const valid = await validate(t, `OAuth ${body.access_token}`);
    expect(await valid.json()).toEqual({ client_id: CLIENT_ID, scopes: [], expires_in: APP_TOKEN_SECONDS });
  });

  test.each([
    ["no grant_type", { client_id: "a", client_secret: "b" }, 400, "missing grant_type"],
    [
      "an unknown grant_type",
      { client_id: "a", client_secret: "b", grant_type: "password" },
      400,
      "invalid grant_type",
    ],
    ["no client_secret", { client_id: "a", grant_type: "client_credentials" }, 400, "missing client_secret"],
    ["no client_id", { client_secret: "b", grant_type: "client_credentials" }, 400, "missing client_id"],
  ])("%s is refused, naming the field", async (_name, fields, status, message) => {
    const res = await testSim().form("/oauth2/token", fields);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ status, message });
  });

  test("started with --client-id/--client-secret, it accepts only that client", async () => {
    const t = testSim({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    const token = (fields: Record<string, string>) =>
      t.form("/oauth2/token", { grant_type: "client_credentials", ...fields });
    expect((await token({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET })).status).toBe(200);
    const wrongId = await token({ client_id: "someone-else", client_secret: CLIENT_SECRET });
    expect(await wrongId.json()).toEqual({ status: 400, message: "invalid client" });
    const wrongSecret = await token({ client_id: CLIENT_ID, client_secret: "guess" });
    expect(wrongSecret.status).toBe(403);
    expect(await wrongSecret.json()).toEqual({ status: 403, message: "invalid client secret" });
  });
});

describe("OAuth: authorization code with PKCE", () => {
  test("authorize redirects at once with a code, the granted scopes and the state", async () => {
    const location = await authorize(testSim());
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get("code")).toMatch(/^[a-z0-9]{30}$/);
    expect(location.searchParams.get("scope")).toBe("user:read:email user:read:follows");
    expect(location.searchParams.get("state")).toBe("st4te");
  });

  test("the code exchanges once for user tokens of the first user (the fixture viewer)", async () => {
    const t = testSim();
    const code = (await authorize(t)).searchParams.get("code") ?? "";
    const res = await exchange(t, code);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[a-z0-9]{30}$/),
      expires_in: USER_TOKEN_SECONDS,
      refresh_token: expect.stringMatching(/^[a-z0-9]{50}$/),
      scope: ["user:read:email", "user:read:follows"],
      token_type: "bearer",
    });
    const valid = (await (await validate(t, `Bearer ${body.access_token}`)).json()) as Record<
      string,
      unknown
    >;
    expect(valid).toMatchObject({ client_id: CLIENT_ID, login: FIXTURE_VIEWER, scopes: body.scope });
    expect(typeof valid.user_id).toBe("string");

    const again = await exchange(t, code);
    expect(await again.json()).toEqual({ status: 400, message: "Invalid authorization code" });
  });

  test("?login= signs in as that user", async () => {
    const t = testSim();
    const code = (await authorize(t, { login: "code_garden" })).searchParams.get("code") ?? "";
    const { access_token } = (await (await exchange(t, code)).json()) as { access_token: string };
    expect(await (await validate(t, `OAuth ${access_token}`)).json()).toMatchObject({ login: "code_garden" });
  });

  test.each([
    ["a wrong code_verifier", { code_verifier: `${VERIFIER}x` }, "invalid code_verifier"],
    ["no code_verifier", { code_verifier: "" }, "missing code_verifier"],
    [
      "another redirect_uri",
      { redirect_uri: "http://localhost:8080/other" },
      "Parameter redirect_uri does not match registered URI",
    ],
    ["another client's code", { client_id: "other-client" }, "Invalid authorization code"],
  ])("%s is refused with a 400", async (_name, extra, message) => {
    const t = testSim();
    const code = (await authorize(t)).searchParams.get("code") ?? "";
    const res = await exchange(t, code, extra);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ status: 400, message });
  });

  test("a code expires after ten simulated minutes", async () => {
    const t = testSim();
    const code = (await authorize(t)).searchParams.get("code") ?? "";
    t.clock.advance(10 * 60_000 + 1);
    expect((await exchange(t, code)).status).toBe(400);
  });

  test("the deny fault answers error=access_denied with the state", async () => {
    const t = testSim();
    await t.request("/sim/faults", { method: "POST", body: JSON.stringify({ oauth_authorize_deny: true }) });
    const location = await authorize(t);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("error_description")).toBe("The user denied you access");
    expect(location.searchParams.get("state")).toBe("st4te");
    expect(location.searchParams.has("code")).toBe(false);
  });

  test.each([
    ["response_type=token", { response_type: "token" }, "unsupported_response_type"],
    ["a challenge method other than S256/plain", { code_challenge_method: "MD5" }, "invalid_request"],
  ])("%s comes back to the redirect URI as an error", async (_name, extra, error) => {
    expect((await authorize(testSim(), extra)).searchParams.get("error")).toBe(error);
  });

  test.each([
    ["no client_id", { client_id: "" }, "missing client_id"],
    ["a relative redirect_uri", { redirect_uri: "/callback" }, "invalid redirect_uri"],
    ["an unknown login", { login: "nobody_here" }, "login: no simulated user nobody_here"],
  ])("%s is a 400 without a redirect", async (_name, extra, message) => {
    const res = await testSim().request(authorizeUrl(extra));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ status: 400, message });
  });
});

describe("OAuth: refresh, validate, revoke", () => {
  test("a refresh rotates both tokens; the old refresh token is then refused", async () => {
    const t = testSim();
    const first = await t.userToken({ scopes: ["user:read:follows"] });
    const refresh = (token: string) =>
      t.form("/oauth2/token", {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        grant_type: "refresh_token",
        refresh_token: token,
      });
    const res = await refresh(first.refresh_token);
    expect(res.status).toBe(200);
    const second = (await res.json()) as typeof first;
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.scope).toEqual(["user:read:follows"]);

    const reused = await refresh(first.refresh_token);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toEqual({ status: 400, message: "Invalid refresh token" });
    expect((await refresh(second.refresh_token)).status).toBe(200);
  });

  test("tokens expire in simulated time; validate then answers 401", async () => {
    const t = testSim();
    const { access_token } = await t.userToken();
    t.clock.advance(60_000);
    const valid = (await (await validate(t, `OAuth ${access_token}`)).json()) as { expires_in: number };
    expect(valid.expires_in).toBe(USER_TOKEN_SECONDS - 60);
    t.clock.advance(USER_TOKEN_SECONDS * 1000);
    const expired = await validate(t, `OAuth ${access_token}`);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({ status: 401, message: "invalid access token" });
  });

  test("POST /sim/oauth/expire makes a user's access tokens expire now", async () => {
    const t = testSim();
    const viewer = await t.userToken();
    const other = await t.userToken({ login: "code_garden" });
    const res = await t.request("/sim/oauth/expire", {
      method: "POST",
      body: JSON.stringify({ login: FIXTURE_VIEWER }),
    });
    expect(await res.json()).toEqual({ expired: 1 });
    expect((await validate(t, `OAuth ${viewer.access_token}`)).status).toBe(401);
    expect((await validate(t, `OAuth ${other.access_token}`)).status).toBe(200);
  });

  test.each([
    ["no header", undefined, "missing authorization token"],
    ["an unknown token", "OAuth 000000000000000000000000000000", "invalid access token"],
    ["a Basic header", "Basic abc", "missing authorization token"],
  ])("validate with %s is a 401", async (_name, header, message) => {
    const res = await testSim().request(
      "/oauth2/validate",
      header ? { headers: { Authorization: header } } : undefined,
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ status: 401, message });
  });

  test("revoke answers 200 with no body, and the token stops validating", async () => {
    const t = testSim();
    const { access_token } = await t.userToken();
    const res = await t.form("/oauth2/revoke", { client_id: CLIENT_ID, token: access_token });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect((await validate(t, `OAuth ${access_token}`)).status).toBe(401);
    const again = await t.form("/oauth2/revoke", { client_id: CLIENT_ID, token: access_token });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ status: 400, message: "Invalid token" });
  });

  test("revoke by an unknown client is a 404", async () => {
    const t = testSim({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    const token = await t.appToken();
    const res = await t.form("/oauth2/revoke", { client_id: "stranger", token });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ status: 404, message: "client does not exist" });
  });
});
