import { afterAll, describe, expect, test } from "bun:test";
import { quiet } from "../../tests/support/recorder.ts";
import { until } from "../../tests/support/until.ts";
import { apiWorld } from "../sim/api-world.ts";
import { startSimulator } from "../sim/server.ts";
import { twitchEndpoints } from "./endpoints.ts";
import { PlaybackClient, PlaybackError, type PlaybackViewer } from "./playback.client.ts";

// Playback as the signed-in viewer (the service account) or anonymously, against the simulator over HTTP.
const sim = startSimulator({ log: quiet, port: 0, seed: 5 });
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
const control = async (path: string, body: unknown = {}) => {
  const res = await fetch(`${sim.url}/sim${path}`, { method: "POST", body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
};

/** A user token the simulator's OAuth issued to replayd's application, as the service account holds one. */
function userToken(login: string): string {
  const user = sim.ctx.state.requireUser(login);
  return apiWorld(sim.ctx).tokens.issueUser("replayd-simulated", user.id, []).access.value;
}

/** A viewer that hands out `token` and notes what GQL refused. */
function viewer(token: string | null): PlaybackViewer & { refusals: string[] } {
  const refusals: string[] = [];
  return { refusals, token: async () => token, refused: (t) => refusals.push(t) };
}

const tokenFields = (value: string) =>
  JSON.parse(value) as { user_id: number | null; turbo: boolean; hide_ads: boolean; subscriber: boolean };

describe("PlaybackClient with a service account", () => {
  test("a Turbo account's token is sent: the playback token is its user's, ad-free", async () => {
    await control("/users/speedrun_sam/turbo", { turbo: true });
    const account = viewer(userToken("speedrun_sam"));
    const token = await new PlaybackClient({ endpoints, viewer: account }).accessToken("kitchen_lab");
    expect(token.signedIn).toBe(true);
    expect(tokenFields(token.value)).toMatchObject({
      user_id: Number(sim.ctx.state.requireUser("speedrun_sam").id),
      turbo: true,
      hide_ads: true,
    });
    expect(account.refusals).toEqual([]);
  });

  test("a token GQL refuses (401) is handed back, and the same request goes on anonymously", async () => {
    const account = viewer("x1".repeat(15));
    const token = await new PlaybackClient({ endpoints, viewer: account }).accessToken("kitchen_lab");
    expect(account.refusals).toEqual(["x1".repeat(15)]);
    expect(token.signedIn).toBe(false);
    expect(tokenFields(token.value).user_id).toBeNull();
  });

  test.each([
    ["no viewer", undefined],
    ["a viewer without a token", viewer(null)],
  ])("%s: anonymous playback", async (_case, account) => {
    const token = await new PlaybackClient({ endpoints, viewer: account }).accessToken("kitchen_lab");
    expect(token.signedIn).toBe(false);
    expect(tokenFields(token.value)).toMatchObject({ user_id: null, hide_ads: false });
  });

  test("a sub-only stream: usher refuses the anonymous token for good, and plays the subscriber's", async () => {
    await control("/channels/code_garden/live", { segment_seconds: 0.5, ladder: ["160p30"] });
    await control("/channels/code_garden/sub-only", { sub_only: true });
    await control("/users/night_owl_music/subscriptions", { channel: "code_garden" });
    const channel = sim.ctx.state.requireChannel("code_garden");
    await until("a first segment for usher to list", async () => {
      const session = sim.ctx.state.liveSession(channel);
      return session !== null && sim.ctx.state.currentSequence(session) >= 0;
    });
    const anonymous = new PlaybackClient({ endpoints });
    const refused = await anonymous
      .master("code_garden", await anonymous.accessToken("code_garden"))
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(PlaybackError);
    expect(refused).toMatchObject({ kind: "forbidden", code: "unauthorized_entitlements", status: 403 });

    const subscriber = new PlaybackClient({ endpoints, viewer: viewer(userToken("night_owl_music")) });
    const token = await subscriber.accessToken("code_garden");
    expect(tokenFields(token.value).subscriber).toBe(true);
    const { variants } = await subscriber.master("code_garden", token);
    expect(variants.map((v) => v.name)).toContain("160p30");
  });
});
