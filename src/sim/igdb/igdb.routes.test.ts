import { describe, expect, test } from "bun:test";
import { CLIENT_ID, type TestSim, testSim } from "../../../tests/support/sim.ts";
import { parseGamesQuery } from "./apicalypse.ts";

describe("the Apicalypse subset", () => {
  test.each([
    [
      "fields id,name; where id = (1,2,3); limit 100;",
      { fields: ["id", "name"], ids: [1, 2, 3], limit: 100, offset: 0 },
    ],
    ["fields *; where id = 7;", { fields: null, ids: [7], limit: 10, offset: 0 }],
    [
      "f genres.name ,summary;\nw id=(4);\nl 3; o 1;",
      { fields: ["genres.name", "summary"], ids: [4], limit: 3, offset: 1 },
    ],
    ["", { fields: ["id"], ids: null, limit: 10, offset: 0 }],
  ])("%j reads as asked", (body, expected) => {
    expect(parseGamesQuery(body)).toEqual(expected);
  });

  test.each([
    ["fields id", /missing ';'/],
    ['search "zelda";', /unknown statement "search"/],
    ['where name = "x";', /expecting "id = \(1,2,3\)"/],
    ["where id = (1,a);", /"a" is not an id/],
    ["limit 501;", /limit must be a whole number from 1 to 500/],
    ["fields na-me;", /"na-me" is not a field name/],
  ])("%j is refused, saying why", (body, cause) => {
    expect(() => parseGamesQuery(body)).toThrow(cause);
  });
});

let clients = 0;

/**
 * A games request with a valid app token. Each call is another application unless `client` is given: the
 * 4-requests-a-second limit is per application, and only its own test is about it.
 */
async function games(t: TestSim, body: string, headers: Record<string, string> = {}, client?: string) {
  const clientId = client ?? `${CLIENT_ID}-${++clients}`;
  const token = await t.appToken(clientId);
  const res = await t.request("/igdb/v4/games", {
    method: "POST",
    body,
    headers: { "Client-ID": clientId, Authorization: `Bearer ${token}`, ...headers },
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe("IGDB games", () => {
  test("answers the simulated categories' games with the fields asked, genres expanded, unknown ids left out", async () => {
    const t = testSim();
    const { status, body } = await games(
      t,
      "fields id,name,summary,genres.name,first_release_date; where id = (1020,121,999999); limit 100;",
    );
    expect(status).toBe(200);
    expect(body).toEqual([
      {
        id: 121,
        name: "Minecraft",
        summary: expect.stringContaining("blocks"),
        genres: [
          { id: 13, name: "Simulator" },
          { id: 31, name: "Adventure" },
          { id: 32, name: "Indie" },
        ],
        first_release_date: Date.UTC(2011, 10, 18) / 1000,
      },
      expect.objectContaining({
        id: 1020,
        name: "Grand Theft Auto V",
        first_release_date: Date.UTC(2013, 8, 17) / 1000,
      }),
    ]);
  });

  test("genres are ids unless expanded; the default limit is 10; a category added with its game says its own", async () => {
    const t = testSim();
    for (let n = 0; n < 12; n++) {
      await t.request("/sim/categories", {
        method: "POST",
        body: JSON.stringify({ id: String(900 + n), name: `Game ${n}`, igdb_id: String(5000 + n) }),
      });
    }
    await t.request("/sim/categories", {
      method: "POST",
      body: JSON.stringify({
        id: "77",
        name: "Quiet Game",
        igdb_id: "4242",
        game: { summary: null, genres: ["Puzzle"], release_year: 2001 },
      }),
    });
    const plain = await games(t, "fields genres; where id = (4242);");
    expect(plain.body).toEqual([{ id: 4242, genres: [9] }]);
    const quiet = await games(t, "fields summary,genres.name,first_release_date; where id = 4242;");
    expect(quiet.body).toEqual([
      { id: 4242, genres: [{ id: 9, name: "Puzzle" }], first_release_date: Date.UTC(2001, 5, 1) / 1000 },
    ]);
    const all = await games(t, "fields name;");
    expect((all.body as unknown[]).length).toBe(10);
    // A made-up game is the same every time, and plausible.
    const made = await games(t, "fields summary,genres.name,first_release_date; where id = (5003);");
    expect(made.body).toEqual(
      (await games(t, "fields summary,genres.name,first_release_date; where id = (5003);")).body,
    );
    const [game] = made.body as { summary: string; genres: unknown[]; first_release_date: number }[];
    expect(game?.summary).toMatch(/^Game 3 is a .+ game that came out in \d{4}\.$/);
    expect(game?.genres.length).toBeGreaterThan(0);
  });

  test.each([
    ["no token", { Authorization: "" }],
    ["another client's id", { "Client-ID": "someone-else" }],
    ["a token that is not one", { Authorization: "Bearer nope" }],
  ])("%s is a 401 Authorization Failure", async (_name, headers) => {
    const t = testSim();
    const { status, body } = await games(t, "fields name;", headers);
    expect(status).toBe(401);
    expect(body).toMatchObject({ message: "Authorization Failure. Have you tried:" });
  });

  test("a query it cannot read is a 400 naming the cause", async () => {
    const t = testSim();
    expect(await games(t, "fields name; where id = (x);")).toEqual({
      status: 400,
      body: [{ title: "Syntax Error", status: 400, cause: '"x" is not an id: ids are whole numbers' }],
    });
  });

  test("more than 4 requests in a second are 429, and so is the igdb_429_rate fault", async () => {
    const t = testSim();
    const statuses: number[] = [];
    for (let n = 0; n < 6; n++)
      statuses.push((await games(t, "fields name; where id = 121;", {}, CLIENT_ID)).status);
    expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
    expect(statuses.slice(4)).toEqual([429, 429]);

    const other = testSim();
    await other.request("/sim/faults", { method: "POST", body: JSON.stringify({ igdb_429_rate: 1 }) });
    expect(await games(other, "fields name; where id = 121;")).toEqual({
      status: 429,
      body: { message: "Too Many Requests" },
    });
  });

  test("the igdb_malformed_rate fault answers JSON of the wrong shape", async () => {
    const t = testSim();
    await t.request("/sim/faults", { method: "POST", body: JSON.stringify({ igdb_malformed_rate: 1 }) });
    expect((await games(t, "fields name,genres.name; where id = 121;")).body).toEqual([
      { id: "121", genres: [13, 31, 32] },
    ]);
  });
});
