import { describe, expect, test } from "bun:test";
import { playbackSim } from "../../tests/support/sim-playback.ts";
import { apiWorld } from "./api-world.ts";
import type { SimContext } from "./context.ts";

/** GQL headers signing `login` in with a user token the simulator issued (as replayd's service account). */
function signedIn(ctx: SimContext, login: string): Record<string, string> {
  const user = ctx.state.requireUser(login);
  return { Authorization: `OAuth ${apiWorld(ctx).tokens.issueUser("replayd", user.id, []).access.value}` };
}

const LIVE = { segment_seconds: 2 };

describe("usher master playlists", () => {
  test("v1: TWITCH-INFO, then EXT-X-MEDIA + STREAM-INF per rendition, the source as 'chunked'", async () => {
    const { control, clock, master } = playbackSim();
    await control("/channels/kitchen_lab/live", LIVE);
    clock.advance(10_000);
    const m = await master("kitchen_lab");
    expect(m.status).toBe(200);
    expect(m.contentType).toBe("application/vnd.apple.mpegurl");
    const lines = m.text.split("\n");
    expect(lines[0]).toBe("#EXTM3U");
    expect(lines[1]).toStartWith('#EXT-X-TWITCH-INFO:NODE="');
    expect(m.text).toContain(
      '#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="chunked",NAME="1080p60 (source)",AUTOSELECT=YES,DEFAULT=YES',
    );
    expect(m.text).toContain(
      'RESOLUTION=1920x1080,CODECS="avc1.64002A,mp4a.40.2",VIDEO="chunked",FRAME-RATE=60.000',
    );
    expect(m.text).toContain('#EXT-X-STREAM-INF:BANDWIDTH=160000,CODECS="mp4a.40.2",VIDEO="audio_only"\n');
    expect([...m.playlists.keys()].sort()).toEqual([
      "1080p60",
      "160p30",
      "360p30",
      "480p30",
      "720p60",
      "audio_only",
    ]);
    for (const path of m.playlists.values()) expect(path).toMatch(/^\/v1\/playlist\/[A-Za-z0-9_-]+\.m3u8$/);
  });

  test("v2: SESSION-DATA and the names on STREAM-INF, no EXT-X-MEDIA (unless usher_v2_media_tags)", async () => {
    const { control, clock, master } = playbackSim();
    await control("/channels/kitchen_lab/live", LIVE);
    clock.advance(10_000);
    const v2 = await master("kitchen_lab", {}, "v2");
    expect(v2.text).toContain('#EXT-X-SESSION-DATA:DATA-ID="BROADCAST-ID",VALUE="');
    expect(v2.text).toContain('STABLE-VARIANT-ID="1080p60",IVS-NAME="1080p60",IVS-VARIANT-SOURCE="source"');
    expect(v2.text).toContain('STABLE-VARIANT-ID="480p30",IVS-NAME="480p",IVS-VARIANT-SOURCE="transcode"');
    expect(v2.text).not.toContain("#EXT-X-MEDIA");
    await control("/faults", { usher_v2_media_tags: true });
    expect((await master("kitchen_lab", {}, "v2")).text).toContain(
      '#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="chunked"',
    );
  });

  test.each([
    ["no token", async () => ({ sig: "0".repeat(40) }), "token: missing"],
    [
      "a wrong signature",
      async (t: Token) => ({ token: t.value, sig: "0".repeat(40) }),
      "sig: does not match token",
    ],
    [
      "another channel's token",
      async (t: Token) => ({ token: t.value, sig: t.signature, login: "retro_arena" }),
      "issued for channel kitchen_lab",
    ],
  ])("%s is a 403 with a JSON-array error", async (_case, params, error) => {
    const { control, clock, token, call } = playbackSim();
    await control("/channels/kitchen_lab/live", LIVE);
    await control("/channels/retro_arena/live", LIVE);
    clock.advance(10_000);
    const { login = "kitchen_lab", ...query } = (await params(await token("kitchen_lab"))) as Record<
      string,
      string
    >;
    const res = await call(`/api/channel/hls/${login}.m3u8?${new URLSearchParams(query)}`);
    expect(res.status).toBe(403);
    const body = (await res.json()) as { url: string; error: string; error_code: string; type: string }[];
    expect(body).toEqual([
      {
        url: expect.stringContaining(`/api/channel/hls/${login}.m3u8`),
        error: expect.stringContaining(error),
        error_code: "unauthorized",
        type: "error",
      },
    ]);
  });

  test("a token past token_ttl_seconds is refused", async () => {
    const { control, clock, token, master } = playbackSim();
    await control("/faults", { token_ttl_seconds: 60 });
    await control("/channels/kitchen_lab/live", LIVE);
    clock.advance(10_000);
    const t = await token("kitchen_lab");
    clock.advance(61_000);
    const m = await master("kitchen_lab", { token: t.value, sig: t.signature });
    expect(m.status).toBe(403);
    expect(m.text).toContain("token: expired");
  });

  test.each([
    ["an offline channel", async () => {}],
    [
      "a channel that went live less than one segment ago",
      async (p: Sim) => p.control("/channels/kitchen_lab/live", LIVE),
    ],
    [
      "a channel that went offline",
      async (p: Sim) => {
        await p.control("/channels/kitchen_lab/live", LIVE);
        p.clock.advance(10_000);
        await p.control("/channels/kitchen_lab/offline", {});
      },
    ],
  ])("%s is a 404 'transcode does not exist'", async (_case, setup) => {
    const p = playbackSim();
    await setup(p);
    const m = await p.master("kitchen_lab");
    expect(m.status).toBe(404);
    expect(JSON.parse(m.text)).toEqual([
      {
        url: expect.stringContaining("/api/channel/hls/kitchen_lab.m3u8"),
        error: "twirp error not_found: transcode does not exist",
        error_code: "transcode_does_not_exist",
        type: "error",
      },
    ]);
  });

  test.each([
    ["geoblock", null, 403, "content_geoblocked"],
    ["subscriber", null, 403, "unauthorized_entitlements"],
    ["subscriber", "speedrun_sam", 403, "unauthorized_entitlements"],
    ["subscriber", "code_garden", 200, null],
  ])("restriction %p for viewer %p answers %i", async (restriction, viewer, status, code) => {
    const { control, clock, token, master, ctx } = playbackSim();
    // code_garden subscribes to kitchen_lab; speedrun_sam is signed in but does not.
    await control("/users/code_garden/subscriptions", { channel: "kitchen_lab" });
    await control("/channels/kitchen_lab/live", { ...LIVE, restriction });
    clock.advance(10_000);
    const t = await token("kitchen_lab", viewer ? signedIn(ctx, viewer) : {});
    const m = await master("kitchen_lab", { token: t.value, sig: t.signature });
    expect(m.status).toBe(status);
    if (code) expect(JSON.parse(m.text)[0]).toMatchObject({ error_code: code, type: "error" });
  });

  test("a sub-only channel (POST /sim/channels/{login}/sub-only) refuses anonymous tokens until switched off", async () => {
    const { control, clock, master } = playbackSim();
    await control("/channels/kitchen_lab/live", LIVE);
    clock.advance(10_000);
    expect((await master("kitchen_lab")).status).toBe(200);
    await control("/channels/kitchen_lab/sub-only", { sub_only: true });
    const refused = await master("kitchen_lab");
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text)).toEqual([
      {
        url: expect.stringContaining("/api/channel/hls/kitchen_lab.m3u8"),
        error: "You must be subscribed to watch this channel",
        error_code: "unauthorized_entitlements",
        type: "error",
      },
    ]);
    await control("/channels/kitchen_lab/sub-only", { sub_only: false });
    expect((await master("kitchen_lab")).status).toBe(200);
  });

  test.each([
    [
      "h264",
      ["1440p60", "1080p60", "720p60", "480p30", "360p30", "160p30", "audio_only"].filter(
        (n) => n !== "1440p60",
      ),
    ],
    ["h265,h264", ["1440p60", "1080p60", "720p60", "480p30", "360p30", "160p30", "audio_only"]],
  ])("an HEVC channel with supported_codecs=%s lists %p", async (codecs, names) => {
    const { control, clock, master } = playbackSim();
    await control("/channels/kitchen_lab/live", { ...LIVE, codec: "hevc" });
    clock.advance(10_000);
    const m = await master("kitchen_lab", { supported_codecs: codecs });
    expect([...m.playlists.keys()].sort()).toEqual([...names].sort());
    expect(m.text).toContain('CHANNEL-METADATA="enhanced_broadcast"');
    if (codecs.includes("h265"))
      expect(m.text).toContain('RESOLUTION=2560x1440,CODECS="hev1.1.6.L150.90.0.0.0.0.0,mp4a.40.2"');
    else expect(m.text).not.toContain("chunked");
  });

  test("variants are not sorted: the source may sit anywhere, the same way on every call", async () => {
    const { control, clock, master } = playbackSim();
    const positions = new Set<number>();
    for (const login of ["kitchen_lab", "speedrun_sam", "night_owl_music", "retro_arena", "code_garden"]) {
      await control(`/channels/${login}/live`, LIVE);
      clock.advance(4_000);
      const first = [...(await master(login)).playlists.keys()];
      expect([...(await master(login)).playlists.keys()]).toEqual(first);
      positions.add(first.indexOf("1080p60"));
    }
    expect(positions.size).toBeGreaterThan(1);
  });
});

type Sim = ReturnType<typeof playbackSim>;
type Token = { value: string; signature: string };
