import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { quiet } from "../../tests/support/recorder.ts";
import { systemClock } from "../lib/clock.ts";
import { startSimulator } from "../sim/server.ts";
import { twitchEndpoints } from "./endpoints.ts";
import { type HelixCall, HelixClient } from "./helix.client.ts";
import { IgdbClient, IgdbError } from "./igdb.client.ts";

// IGDB as the simulator serves it (a real HTTP server on loopback), with the app token from its OAuth.
const sim = startSimulator({ log: quiet, port: 0, seed: 11 });
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
const control = (path: string, body: unknown = {}) =>
  fetch(`${sim.url}/sim${path}`, { method: "POST", body: JSON.stringify(body) });
afterEach(() => control("/faults", { igdb_429_rate: 0, igdb_malformed_rate: 0 }));

let apps = 0;

/** A client of its own application (IGDB's 4 requests a second are per application), with its calls and waits. */
function client() {
  const clientId = `replayd-igdb-${++apps}`;
  const helix = new HelixClient({ endpoints, clientId, clientSecret: "secret" });
  const calls: HelixCall[] = [];
  const waits: number[] = [];
  const igdb = new IgdbClient({
    endpoint: endpoints.igdb,
    clientId,
    token: (options) => helix.appAccessToken(options),
    onCall: (call) => calls.push(call),
    clock: {
      sleep: (ms, signal) => {
        waits.push(ms);
        return systemClock.sleep(ms, signal);
      },
    },
  });
  return { igdb, calls, waits };
}

describe("IgdbClient against the simulator", () => {
  test("games by IGDB id: summary, genre names and release year; ids IGDB does not know are absent", async () => {
    const { igdb, calls } = client();
    const games = await igdb.games(["121", "1020", "424242"]);
    expect(games).toEqual([
      {
        id: "121",
        summary: expect.stringContaining("blocks"),
        genres: ["Simulator", "Adventure", "Indie"],
        releaseYear: 2011,
      },
      {
        id: "1020",
        summary: expect.stringContaining("crime"),
        genres: ["Shooter", "Racing", "Adventure"],
        releaseYear: 2013,
      },
    ]);
    expect(calls.map((c) => [c.fetchType, c.status])).toEqual([["IGDB POST /games", 200]]);
  });

  test("IGDB's 4 requests a second: six queries at once all answer, the ones over the limit after a wait", async () => {
    const { igdb, calls, waits } = client();
    const answers = await Promise.all(Array.from({ length: 6 }, () => igdb.games(["115"])));
    expect(answers.map((a) => a[0]?.genres[0])).toEqual(Array(6).fill("MOBA"));
    expect(calls.filter((c) => c.status === 429).length).toBeGreaterThanOrEqual(2);
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...waits)).toBe(250);
  });

  test("429s keep coming: it backs off 250 ms, 500 ms, 1 s, 2 s, then gives up saying so", async () => {
    await control("/faults", { igdb_429_rate: 1 });
    const { igdb, calls, waits } = client();
    const error = await igdb.games(["121"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IgdbError);
    expect((error as Error).message).toBe("IGDB /games answered 429: still rate-limited after retries");
    expect(waits).toEqual([250, 500, 1000, 2000]);
    expect(calls.map((c) => c.status)).toEqual([429, 429, 429, 429, 429]);
  });

  test("an answer of the wrong shape is refused, naming the field", async () => {
    await control("/faults", { igdb_malformed_rate: 1 });
    const { igdb, calls } = client();
    const error = await igdb.games(["121"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IgdbError);
    expect((error as Error).message).toMatch(/^IGDB \/games answered an unexpected shape: 0\.id: .*number/);
    // Not retried: asking again would get the same answer.
    expect(calls).toHaveLength(1);
  });

  test("a token Twitch expired early is renewed once, and the query goes through", async () => {
    const { igdb, calls } = client();
    await igdb.games(["121"]);
    await control("/oauth/expire");
    expect((await igdb.games(["1905"]))[0]?.releaseYear).toBe(2017);
    expect(calls.map((c) => c.status)).toEqual([200, 401, 200]);
  });

  test("ids that are not IGDB's are refused before anything is sent", async () => {
    const { igdb, calls } = client();
    await expect(igdb.games(["12a"])).rejects.toThrow('IGDB ids are whole numbers, got "12a"');
    await expect(igdb.games(Array.from({ length: 101 }, (_, i) => String(i + 1)))).rejects.toThrow(
      "at most 100 ids a query, got 101",
    );
    expect(await igdb.games([])).toEqual([]);
    expect(calls).toEqual([]);
  });
});
