import { describe, expect, test } from "bun:test";
import { persistedTokenQuery, playbackSim } from "../../tests/support/sim-playback.ts";
import { apiWorld } from "./api-world.ts";
import type { SimContext } from "./context.ts";
import { PLAYBACK_ACCESS_TOKEN_HASH } from "./gql.request.ts";

const TEMPLATE = `query PlaybackAccessToken_Template($login: String!, $isLive: Boolean!, $vodID: ID!, $isVod: Boolean!, $playerType: String!, $platform: String!) {  streamPlaybackAccessToken(channelName: $login, params: {platform: $platform, playerBackend: "mediaplayer", playerType: $playerType}) @include(if: $isLive) {    value    signature   authorization { isForbidden forbiddenReasonCode }   __typename  }  videoPlaybackAccessToken(id: $vodID, params: {platform: $platform, playerBackend: "mediaplayer", playerType: $playerType}) @include(if: $isVod) {    value    signature   __typename  }}`;
const templateBody = (login: string, live = true) => ({
  operationName: "PlaybackAccessToken_Template",
  query: TEMPLATE,
  variables: {
    isLive: live,
    login: live ? login : "",
    isVod: !live,
    vodID: live ? "" : "123",
    playerType: "site",
    platform: "web",
  },
});
const bareBody = (login: string) => ({
  query: `{ streamPlaybackAccessToken(channelName: "${login}", params: {platform: "web", playerBackend: "mediaplayer", playerType: "site"}) { value signature } }`,
});

describe("POST /gql PlaybackAccessToken", () => {
  test.each([
    [
      "a persisted query (streamlink)",
      persistedTokenQuery("kitchen_lab"),
      ["value", "signature", "authorization", "__typename"],
    ],
    [
      "the inline PlaybackAccessToken_Template (browser)",
      templateBody("kitchen_lab"),
      ["value", "signature", "authorization", "__typename"],
    ],
    ["a bare streamPlaybackAccessToken query (yt-dlp)", bareBody("kitchen_lab"), ["value", "signature"]],
  ])("%s gets a signed token with the fields it selected", async (_form, body, fields) => {
    const { gql } = playbackSim();
    const { status, json } = await gql(body, {
      "Content-Type": "text/plain;charset=UTF-8",
      Origin: "https://example.org",
    });
    expect(status).toBe(200);
    const token = json.data.streamPlaybackAccessToken;
    expect(Object.keys(token)).toEqual(fields);
    expect(token.signature).toMatch(/^[0-9a-f]{40}$/);
    expect(JSON.parse(token.value)).toMatchObject({
      channel: "kitchen_lab",
      channel_id: 100002,
      user_id: null,
    });
    expect(JSON.parse(token.value).expires).toBe(Math.floor(Date.UTC(2026, 0, 1, 12) / 1000) + 86_400);
    expect(json.extensions.requestID).toMatch(/^01[0-9A-F]{24}$/);
  });

  test("a JSON array is answered with an array, one answer per item, in order", async () => {
    const { gql } = playbackSim();
    const { json } = await gql([
      persistedTokenQuery("kitchen_lab"),
      persistedTokenQuery("nobody_here"),
      { operationName: "ChannelShell", extensions: { persistedQuery: { version: 1, sha256Hash: "fea4" } } },
    ]);
    expect(json).toHaveLength(3);
    expect(JSON.parse(json[0].data.streamPlaybackAccessToken.value).channel).toBe("kitchen_lab");
    expect(json[1].data).toEqual({ streamPlaybackAccessToken: null });
    expect(json[2].errors).toEqual([{ message: "PersistedQueryNotFound" }]);
  });

  test.each([
    ["an unknown channel", "nobody_here", {}, null],
    ["an offline channel (default: a token, then usher 404s)", "kitchen_lab", {}, "token"],
    ["an offline channel with offline_token=null", "kitchen_lab", { offline_token: "null" }, null],
  ])("%s", async (_case, login, faults, expected) => {
    const { gql, control } = playbackSim();
    await control("/faults", faults);
    const { json } = await gql(persistedTokenQuery(login));
    if (expected === null) expect(json.data).toEqual({ streamPlaybackAccessToken: null });
    else expect(typeof json.data.streamPlaybackAccessToken.value).toBe("string");
  });

  test("a VOD token request is answered with a null videoPlaybackAccessToken (the simulator has no VODs)", async () => {
    const { gql } = playbackSim();
    expect((await gql(templateBody("", false))).json.data).toEqual({ videoPlaybackAccessToken: null });
  });

  test.each(["server error", "service timeout", "service unavailable", "PersistedQueryNotFound"])(
    "the gql_error fault %p answers {errors:[{message}]} with status 200",
    async (message) => {
      const { gql, control } = playbackSim();
      await control("/faults", { gql_error: message });
      const { status, json } = await gql(persistedTokenQuery("kitchen_lab"));
      expect(status).toBe(200);
      expect(json.errors).toEqual([{ message }]);
      expect(json.data).toBeUndefined();
    },
  );

  test("integrity: 'failed integrity check' until the request carries a Client-Integrity token for its Device-Id", async () => {
    const { gql, control, call } = playbackSim();
    await control("/faults", { integrity_required: true });
    expect((await gql(persistedTokenQuery("kitchen_lab"))).json).toMatchObject({
      errors: [{ message: "failed integrity check" }],
    });

    const res = await call("/gql/integrity", {
      method: "POST",
      headers: { "Client-ID": "kimne78kx3ncx6brgo4mv6wki5h1ko", "x-device-id": "a".repeat(32) },
    });
    const integrity = (await res.json()) as { token: string; expiration: number; request_id: string };
    expect(integrity.token).toStartWith("v4.public.");
    expect(integrity.expiration).toBeGreaterThan(Date.UTC(2026, 0, 1, 12));
    expect(integrity.request_id).toMatch(/^[0-9a-f-]{36}$/);

    const withToken = (deviceId: string) =>
      gql(persistedTokenQuery("kitchen_lab"), { "Client-Integrity": integrity.token, "Device-Id": deviceId });
    expect((await withToken("b".repeat(32))).json.errors).toEqual([{ message: "failed integrity check" }]);
    expect((await withToken("a".repeat(32))).json.data.streamPlaybackAccessToken.signature).toMatch(
      /^[0-9a-f]{40}$/,
    );
    const forged = await gql(persistedTokenQuery("kitchen_lab"), {
      "Client-Integrity": "v4.public.forged",
      "Device-Id": "a".repeat(32),
    });
    expect(forged.json.errors).toEqual([{ message: "failed integrity check" }]);
  });

  test.each(["OAuth short", "Bearer abcdefghijklmnopqrstuvwxyz0123", "OAuth "])(
    "Authorization %p is refused with Twitch's 401 shape",
    async (authorization) => {
      const { gql } = playbackSim();
      const { status, json } = await gql(persistedTokenQuery("kitchen_lab"), {
        Authorization: authorization,
      });
      expect(status).toBe(401);
      expect(json).toEqual({
        error: "Unauthorized",
        status: 401,
        message: 'The "Authorization" token is invalid.',
      });
    },
  );

  test("a user token the simulator issued signs the playback token in as its user", async () => {
    const { gql, ctx } = playbackSim();
    const viewer = ctx.state.requireUser("speedrun_sam");
    const { access } = apiWorld(ctx).tokens.issueUser("some-app", viewer.id, []);
    const { json } = await gql(persistedTokenQuery("kitchen_lab"), {
      Authorization: `OAuth ${access.value}`,
    });
    expect(JSON.parse(json.data.streamPlaybackAccessToken.value)).toMatchObject({
      user_id: Number(viewer.id),
      turbo: false,
      subscriber: false,
    });
  });

  test.each([
    ["a well-formed token nobody issued", () => "x1".repeat(15)],
    [
      "an expired user token",
      (ctx: SimContext) => {
        const { tokens } = apiWorld(ctx);
        const { access } = tokens.issueUser("some-app", "100001", []);
        tokens.expireAccess();
        return access.value;
      },
    ],
    ["an app token (no user)", (ctx: SimContext) => apiWorld(ctx).tokens.issueApp("some-app").value],
  ])("%s is a 401: GQL signs in nobody with it", async (_case, make) => {
    const { gql, ctx } = playbackSim();
    const { status, json } = await gql(persistedTokenQuery("kitchen_lab"), {
      Authorization: `OAuth ${make(ctx)}`,
    });
    expect(status).toBe(401);
    expect(json.message).toBe('The "Authorization" token is invalid.');
  });

  test("gql_refuse_app_tokens: another application's user token is a 401, the web player's is taken", async () => {
    const { gql, ctx, control } = playbackSim();
    await control("/faults", { gql_refuse_app_tokens: true });
    const { tokens } = apiWorld(ctx);
    const theirs = tokens.issueUser("replayd-app", "100001", []).access.value;
    const web = tokens.issueUser("kimne78kx3ncx6brgo4mv6wki5h1ko", "100001", []).access.value;
    expect((await gql(persistedTokenQuery("kitchen_lab"), { Authorization: `OAuth ${theirs}` })).status).toBe(
      401,
    );
    expect((await gql(persistedTokenQuery("kitchen_lab"), { Authorization: `OAuth ${web}` })).status).toBe(
      200,
    );
  });

  test.each([
    [
      "a stale persisted hash",
      {
        operationName: "PlaybackAccessToken",
        extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } },
        variables: { login: "x" },
      },
      "PersistedQueryNotFound",
    ],
    [
      "the hash under the Template's name",
      {
        operationName: "PlaybackAccessToken_Template",
        extensions: { persistedQuery: { version: 1, sha256Hash: PLAYBACK_ACCESS_TOKEN_HASH } },
      },
      'no operation with name "PlaybackAccessToken_Template"',
    ],
    ["no query at all", { variables: {} }, "query: missing"],
    ["variables of the wrong type", { query: "{ x }", variables: "nope" }, "variables: "],
  ])("%s is answered with an error naming the problem", async (_case, body, message) => {
    const { gql } = playbackSim();
    const { json } = await gql(body);
    expect(json.errors[0].message).toContain(message);
  });

  test("a body that is not JSON is a 400", async () => {
    const { call } = playbackSim();
    const res = await call("/gql", { method: "POST", body: "operationName=PlaybackAccessToken" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "Bad Request", message: "body: expected JSON" });
  });
});
