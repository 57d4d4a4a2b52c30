import { describe, expect, test } from "bun:test";
import { CLIENT_ID, type TestSim, testSim } from "../../tests/support/sim.ts";
import { FIXTURE_CATEGORIES, FIXTURE_CHANNELS, FIXTURE_VIEWER } from "./fixture.ts";

type Json = Record<string, unknown> & { data: Record<string, unknown>[]; pagination: { cursor?: string } };

async function json(res: Response | Promise<Response>): Promise<Json> {
  return (await (await res).json()) as Json;
}

function post(t: TestSim, path: string, body: unknown) {
  return t.request(path, { method: "POST", body: JSON.stringify(body) });
}

async function goLive(t: TestSim, login: string, body: Record<string, unknown> = {}) {
  expect((await post(t, `/sim/channels/${login}/live`, body)).status).toBe(200);
}

describe("Helix auth", () => {
  test.each([
    ["no Authorization header", {}, "OAuth token is missing"],
    [
      "a non-Bearer Authorization",
      { Authorization: "OAuth abc" },
      'Authorization header must be "Bearer <token>"',
    ],
    ["no Client-Id", { Authorization: "Bearer VALID" }, "Client-Id header is missing"],
    ["an unknown token", { Authorization: "Bearer nope", "Client-Id": CLIENT_ID }, "Invalid OAuth token"],
    [
      "another client's token",
      { Authorization: "Bearer VALID", "Client-Id": "other-client" },
      "Client ID and OAuth token do not match",
    ],
  ])("%s is a 401 in Helix's error shape", async (_name, headers, message) => {
    const t = testSim();
    const token = await t.appToken();
    const real = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, v.replace("VALID", token)]),
    ) as Record<string, string>;
    const res = await t.request("/helix/streams", { headers: real });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Unauthorized", status: 401, message });
  });

  test("an expired token is refused", async () => {
    const t = testSim();
    const token = await t.appToken();
    t.clock.advance(60 * 86_400_000);
    expect(await json(t.helix("/streams", token))).toEqual({
      error: "Unauthorized",
      status: 401,
      message: "Token expired",
    } as unknown as Json);
  });
});

describe("Helix rate limits", () => {
  test("every answer, errors included, carries Ratelimit headers; the bucket counts down per app", async () => {
    const t = testSim();
    const token = await t.appToken();
    const first = await t.helix("/streams", token);
    for (let i = 0; i < 8; i++) await t.helix("/streams", token);
    const tenth = await t.helix("/streams?first=0", token);
    expect(tenth.status).toBe(400);
    expect(first.headers.get("ratelimit-limit")).toBe("800");
    expect(Number(first.headers.get("ratelimit-remaining"))).toBe(799);
    // 790 when the ten calls take under 75 ms; the bucket refills a point per 75 ms of real time.
    expect(Number(tenth.headers.get("ratelimit-remaining"))).toBeLessThanOrEqual(795);
    const reset = Number(first.headers.get("ratelimit-reset"));
    expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 60);
    const unauthenticated = await t.request("/helix/streams");
    expect(unauthenticated.headers.get("ratelimit-limit")).toBe("800");
    // A user of the same app has a bucket of its own.
    const user = await t.userToken();
    expect((await t.helix("/users", user.access_token)).headers.get("ratelimit-remaining")).toBe("799");
  });

  test("an app that spends its 800 points gets 429", async () => {
    const t = testSim();
    const token = await t.appToken();
    // The bucket refills on the real clock (13 points a second), so a slow run may squeeze in a few more.
    let answered = 0;
    let refused: Response | undefined;
    while (!refused && answered < 1_000) {
      const res = await t.helix("/games?id=509658", token);
      if (res.status === 429) refused = res;
      else answered++;
    }
    expect(answered).toBeGreaterThanOrEqual(800);
    expect(answered).toBeLessThan(900);
    expect(refused?.headers.get("ratelimit-remaining")).toBe("0");
    expect(await refused?.json()).toEqual({
      error: "Too Many Requests",
      status: 429,
      message: "Too Many Requests",
    });
  });

  test("the helix_429_rate fault answers 429 with Remaining 0", async () => {
    const t = testSim();
    const token = await t.appToken();
    expect((await t.helix("/streams", token)).status).toBe(200);
    await post(t, "/sim/faults", { helix_429_rate: 1 });
    const res = await t.helix("/streams", token);
    expect(res.status).toBe(429);
    expect(res.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(res.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
  });
});

describe("Helix /users", () => {
  test("by id and login (case-insensitive), repeated parameters", async () => {
    const t = testSim();
    const token = await t.appToken();
    const [a, b] = FIXTURE_CHANNELS;
    const aId = (await json(t.helix(`/users?login=${a?.login}`, token))).data[0]?.id;
    const body = await json(
      t.helix(`/users?id=${aId}&login=${b?.login.toUpperCase()}&login=nobody_here`, token),
    );
    expect(body.data.map((u) => u.login)).toEqual([a?.login, b?.login]);
    expect(body.data[0]).toEqual({
      id: aId,
      login: a?.login,
      display_name: a?.display_name,
      type: "",
      broadcaster_type: "",
      description: "",
      profile_image_url: `http://localhost/jtv_user_pictures/${a?.login}-profile_image-300x300.jpeg`,
      offline_image_url: "",
      view_count: 0,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
  });

  test("no parameters: the user token's own user; email only with user:read:email", async () => {
    const t = testSim();
    const plain = await t.userToken();
    const withEmail = await t.userToken({ scopes: ["user:read:email"] });
    const me = (await json(t.helix("/users", plain.access_token))).data;
    expect(me.map((u) => u.login)).toEqual([FIXTURE_VIEWER]);
    expect(me[0]).not.toHaveProperty("email");
    const mine = (await json(t.helix("/users", withEmail.access_token))).data[0];
    expect(mine?.email).toBe(`${FIXTURE_VIEWER}@users.sim.invalid`);
    const others = (await json(t.helix("/users?login=code_garden", withEmail.access_token))).data[0];
    expect(others).not.toHaveProperty("email");
  });

  test.each([
    ["no parameters with an app token", "/users", "Must provide an ID, Login or OAuth Token"],
    [
      "101 ids",
      `/users?${Array.from({ length: 101 }, (_, i) => `id=${i}`).join("&")}`,
      "id: at most 100 values",
    ],
    [
      "60 ids and 41 logins",
      `/users?${"id=1&".repeat(60)}${"login=a&".repeat(41)}`,
      "id, login: at most 100 values together",
    ],
  ])("%s is a 400", async (_name, path, message) => {
    const t = testSim();
    const res = await t.helix(path, await t.appToken());
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "Bad Request", status: 400, message });
  });
});

describe("Helix /streams", () => {
  async function liveWorld() {
    const t = testSim();
    await goLive(t, "kitchen_lab", { viewers: 300, tags: ["English", "Cooking"] });
    await goLive(t, "speedrun_sam", { viewers: 900 });
    await goLive(t, "night_owl_music", { viewers: 50 });
    await goLive(t, "retro_arena", { viewers: 600 });
    return { t, token: await t.appToken() };
  }

  test("only live channels, most viewers first, in Twitch's shape", async () => {
    const { t, token } = await liveWorld();
    const body = await json(t.helix("/streams", token));
    expect(body.data.map((s) => s.user_login)).toEqual([
      "speedrun_sam",
      "retro_arena",
      "kitchen_lab",
      "night_owl_music",
    ]);
    expect(body.pagination).toEqual({});
    const state = (await (await t.request("/sim/state")).json()) as {
      channels: { login: string; session: { stream_id: string } | null }[];
    };
    const kitchen = state.channels.find((c) => c.login === "kitchen_lab");
    expect(body.data[2]).toEqual({
      id: kitchen?.session?.stream_id,
      user_id: expect.any(String),
      user_login: "kitchen_lab",
      user_name: "KitchenLab",
      game_id: "509658",
      game_name: "Just Chatting",
      type: "live",
      title: "Sourdough from scratch",
      tags: ["English", "Cooking"],
      viewer_count: 300,
      started_at: "2026-04-12T12:00:00Z",
      language: "en",
      thumbnail_url: "http://localhost/previews-ttv/live_user_kitchen_lab-{width}x{height}.jpg",
      tag_ids: [],
      is_mature: false,
    });
  });

  test.each([
    [
      "user_login (repeated)",
      "?user_login=kitchen_lab&user_login=NIGHT_OWL_MUSIC",
      ["kitchen_lab", "night_owl_music"],
    ],
    ["an offline user_login", "?user_login=code_garden", []],
    ["game_id", "?game_id=27471&game_id=26936", ["speedrun_sam", "night_owl_music"]],
    ["language", "?language=de", []],
    ["type=live", "?type=live&first=2", ["speedrun_sam", "retro_arena"]],
  ])("filter by %s", async (_name, query, logins) => {
    const { t, token } = await liveWorld();
    expect((await json(t.helix(`/streams${query}`, token))).data.map((s) => s.user_login)).toEqual(logins);
  });

  test("user_id filters too", async () => {
    const { t, token } = await liveWorld();
    const id = (await json(t.helix("/users?login=retro_arena", token))).data[0]?.id;
    expect((await json(t.helix(`/streams?user_id=${id}`, token))).data.map((s) => s.user_login)).toEqual([
      "retro_arena",
    ]);
  });

  test("pagination: walking after cursors visits each stream once; before goes back", async () => {
    const { t, token } = await liveWorld();
    const seen: unknown[] = [];
    let cursor: string | undefined;
    do {
      const body = await json(t.helix(`/streams?first=3${cursor ? `&after=${cursor}` : ""}`, token));
      seen.push(...body.data.map((s) => s.user_login));
      cursor = body.pagination.cursor;
    } while (cursor);
    expect(seen).toEqual(["speedrun_sam", "retro_arena", "kitchen_lab", "night_owl_music"]);
    const firstPage = await json(t.helix("/streams?first=1", token));
    const second = await json(t.helix(`/streams?first=1&after=${firstPage.pagination.cursor}`, token));
    expect(second.data.map((s) => s.user_login)).toEqual(["retro_arena"]);
    const back = await json(t.helix(`/streams?first=1&before=${second.pagination.cursor}`, token));
    expect(back.data.map((s) => s.user_login)).toEqual(["speedrun_sam"]);
  });

  test.each([
    ["first=0", "first: must be an integer from 1 to 100"],
    ["first=101", "first: must be an integer from 1 to 100"],
    ["first=ten", "first: must be an integer from 1 to 100"],
    ["after=bogus", "after: invalid cursor"],
    ["type=vodcast", 'type: Invalid option: expected one of "all"|"live"'],
  ])("?%s is a 400 naming the parameter", async (query, message) => {
    const { t, token } = await liveWorld();
    const res = await t.helix(`/streams?${query}`, token);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "Bad Request", status: 400, message });
  });

  test("first=100 is allowed", async () => {
    const { t, token } = await liveWorld();
    expect((await t.helix("/streams?first=100", token)).status).toBe(200);
  });

  test("helix_streams_lag_seconds hides a stream until it has been live that long", async () => {
    const t = testSim();
    const token = await t.appToken();
    await post(t, "/sim/faults", { helix_streams_lag_seconds: 60 });
    await goLive(t, "kitchen_lab");
    expect((await json(t.helix("/streams?user_login=kitchen_lab", token))).data).toEqual([]);
    t.clock.advance(59_000);
    expect((await json(t.helix("/streams?user_login=kitchen_lab", token))).data).toEqual([]);
    t.clock.advance(1_000);
    expect((await json(t.helix("/streams?user_login=kitchen_lab", token))).data).toHaveLength(1);
  });
});

describe("Helix /channels, /games, /search/categories", () => {
  test("channels by broadcaster_id, live or not, with the current info", async () => {
    const t = testSim();
    const token = await t.appToken();
    const id = (await json(t.helix("/users?login=code_garden", token))).data[0]?.id;
    await post(t, "/sim/channels/code_garden/update", {
      title: "Parsing",
      category_id: "27471",
      tags: ["Rust"],
    });
    expect((await json(t.helix(`/channels?broadcaster_id=${id}&broadcaster_id=999`, token))).data).toEqual([
      {
        broadcaster_id: id,
        broadcaster_login: "code_garden",
        broadcaster_name: "CodeGarden",
        broadcaster_language: "en",
        game_id: "27471",
        game_name: "Minecraft",
        title: "Parsing",
        delay: 0,
        tags: ["Rust"],
        content_classification_labels: [],
        is_branded_content: false,
      },
    ]);
    const missing = await t.helix("/channels", token);
    expect(await missing.json()).toEqual({
      error: "Bad Request",
      status: 400,
      message: "broadcaster_id: required",
    });
  });

  test("games by id, name and igdb_id, with a box art template on the simulator's origin", async () => {
    const t = testSim();
    const token = await t.appToken();
    const body = await json(t.helix("/games?id=509658&name=minecraft&igdb_id=1905&id=0", token));
    expect(body.data.map((g) => g.name)).toEqual(["Just Chatting", "Minecraft", "Fortnite"]);
    expect(body.data[1]).toEqual({
      id: "27471",
      name: "Minecraft",
      box_art_url: "http://localhost/ttv-boxart/27471-{width}x{height}.jpg",
      igdb_id: "121",
    });
    expect((await t.helix("/games", token)).status).toBe(400);
  });

  test("search/categories matches by name, prefix matches first, and pages", async () => {
    const t = testSim();
    const token = await t.appToken();
    const all = await json(t.helix("/search/categories?query=a", token));
    const names = FIXTURE_CATEGORIES.map((c) => c.name).filter((n) => n.toLowerCase().includes("a"));
    expect(all.data).toHaveLength(names.length);
    expect(all.data[0]?.name).toBe("Art");
    const page = await json(t.helix("/search/categories?query=a&first=2", token));
    expect(page.data).toHaveLength(2);
    const rest = await json(
      t.helix(`/search/categories?query=a&first=100&after=${page.pagination.cursor}`, token),
    );
    expect([...page.data, ...rest.data].map((c) => c.name)).toEqual(all.data.map((c) => c.name));
    expect(all.data[0]).toEqual({
      id: "509660",
      name: "Art",
      box_art_url: "http://localhost/ttv-boxart/509660-52x72.jpg",
    });
    expect((await t.helix("/search/categories", token)).status).toBe(400);
  });
});

describe("Helix /channels/followed", () => {
  test("the token user's follows with total and pagination", async () => {
    const t = testSim();
    const { access_token } = await t.userToken({ scopes: ["user:read:follows"] });
    const me = (await json(t.helix("/users", access_token))).data[0]?.id;
    const first = await json(t.helix(`/channels/followed?user_id=${me}&first=2`, access_token));
    expect(first.total).toBe(FIXTURE_CHANNELS.length);
    expect(first.data).toHaveLength(2);
    expect(first.data[0]).toEqual({
      broadcaster_id: expect.any(String),
      broadcaster_login: expect.any(String),
      broadcaster_name: expect.any(String),
      followed_at: expect.stringMatching(/Z$/),
    });
    const rest = await json(
      t.helix(`/channels/followed?user_id=${me}&first=100&after=${first.pagination.cursor}`, access_token),
    );
    expect(rest.pagination).toEqual({});
    const logins = [...first.data, ...rest.data].map((f) => f.broadcaster_login).sort();
    expect(logins).toEqual(FIXTURE_CHANNELS.map((c) => c.login).sort());
  });

  test("broadcaster_id narrows to one channel", async () => {
    const t = testSim();
    const { access_token } = await t.userToken({ scopes: ["user:read:follows"] });
    const me = (await json(t.helix("/users", access_token))).data[0]?.id;
    const sam = (await json(t.helix("/users?login=speedrun_sam", access_token))).data[0]?.id;
    const body = await json(t.helix(`/channels/followed?user_id=${me}&broadcaster_id=${sam}`, access_token));
    expect(body.total).toBe(1);
    expect(body.data.map((f) => f.broadcaster_login)).toEqual(["speedrun_sam"]);
  });

  test.each([
    ["an app token", "app", "", 401, "Missing User OAUTH Token"],
    ["a user token without user:read:follows", "user", "", 401, "Missing scope: user:read:follows"],
    ["no user_id", "follows", "", 400, "user_id: required"],
    ["another user's id", "follows", "1", 400, "user_id: must be the user of the OAuth token"],
  ])("%s is refused", async (_name, kind, userId, status, message) => {
    const t = testSim();
    const token =
      kind === "app"
        ? await t.appToken()
        : (await t.userToken({ scopes: kind === "follows" ? ["user:read:follows"] : [] })).access_token;
    const res = await t.helix(`/channels/followed${userId ? `?user_id=${userId}` : ""}`, token);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { message: string }).message).toBe(message);
  });
});
