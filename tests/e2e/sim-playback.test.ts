import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../../src/log/logger.ts";
import { type RunningSimulator, startSimulator } from "../../src/sim/server.ts";
import { decodeErrors, probeFile, probePackets } from "../support/media-probe.ts";
import { persistedTokenQuery } from "../support/sim-playback.ts";

/**
 * The playback flow over real HTTP on loopback, driven by tools nobody here wrote: curl for the
 * anonymous GQL → usher → playlist → segment walk, ffprobe to read what it fetched, and ffmpeg and
 * streamlink recording 20 s each from the usher master. Time runs 2× (warp) to keep it short.
 */

const D = 0.5;
const WARP = 2;
const work = mkdtempSync(join(tmpdir(), "replayd-sim-e2e-"));
let sim: RunningSimulator;

beforeAll(() => {
  sim = startSimulator({
    log: createLogger({ level: "fatal", format: "json" }),
    port: 0,
    seed: 5,
    warp: WARP,
  });
});
afterAll(async () => {
  await sim.stop();
  rmSync(work, { recursive: true, force: true });
});

async function run(
  cmd: string[],
  timeoutMs = 60_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const proc = Bun.spawn(cmd, { stdin: "ignore", stdout: "pipe", stderr: "pipe", timeout: timeoutMs });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}

async function curl(...args: string[]): Promise<string> {
  const { code, stdout, stderr } = await run(["curl", "-sS", "--fail", ...args]);
  if (code !== 0) throw new Error(`curl ${args.join(" ")}: ${stderr}`);
  return stdout;
}

async function goLive(login: string, body: Record<string, unknown>) {
  await curl("-X", "POST", `${sim.url}/sim/channels/${login}/live`, "-d", JSON.stringify(body));
  // Wait (simulated time runs by itself here) until usher has a transcode: the first segment exists.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const channel = sim.ctx.state.channelByLogin(login);
    if (channel?.session && sim.ctx.state.currentSequence(channel.session) >= 2) return;
    await Bun.sleep(20);
  }
  throw new Error(`${login} produced no segment`);
}

/** GQL token (persisted query, as streamlink sends it) → the usher master URL with token and sig. */
async function masterUrl(login: string, extra = ""): Promise<string> {
  const answer = JSON.parse(
    await curl(
      "-X",
      "POST",
      `${sim.url}/gql`,
      "-H",
      "Client-ID: kimne78kx3ncx6brgo4mv6wki5h1ko",
      "-d",
      JSON.stringify(persistedTokenQuery(login)),
    ),
  );
  const { value, signature } = answer.data.streamPlaybackAccessToken;
  const query = new URLSearchParams({
    token: value,
    sig: signature,
    allow_source: "true",
    allow_audio_only: "true",
    p: "123456",
  });
  return `${sim.url}/api/channel/hls/${login}.m3u8?${query}${extra}`;
}

const firstUri = (playlist: string) =>
  playlist.split("\n").find((line) => line && !line.startsWith("#")) ?? "";
/** The URI of a master's variant with this video resolution (usher does not sort variants). */
const variantUri = (master: string, resolution: string) => {
  const lines = master.split("\n");
  const at = lines.findIndex((line) => line.includes(`RESOLUTION=${resolution},`));
  return lines[at + 1] ?? "";
};

describe("simulator playback with real clients", () => {
  test("anonymous curl: token → master → media playlist → TS segment, and fMP4 init + fragment; ffprobe reads them", async () => {
    await goLive("kitchen_lab", { ladder: ["360p30", "audio_only"], segment_seconds: D });
    await goLive("retro_arena", { ladder: ["360p30", "audio_only"], segment_seconds: D, format: "fmp4" });

    const tsMaster = await curl(await masterUrl("kitchen_lab"));
    expect(tsMaster).toStartWith("#EXTM3U\n#EXT-X-TWITCH-INFO:");
    const tsPlaylist = await curl(variantUri(tsMaster, "640x360"));
    expect(tsPlaylist).toContain("#EXT-X-VERSION:3");
    const tsFile = join(work, "segment.ts");
    await curl("-o", tsFile, firstUri(tsPlaylist));
    expect((await probeFile(tsFile)).streams.map((s) => s.codec_name)).toEqual(
      expect.arrayContaining(["h264", "aac"]),
    );
    expect(await decodeErrors(tsFile)).toBe("");

    const mp4Playlist = await curl(variantUri(await curl(await masterUrl("retro_arena")), "640x360"));
    expect(mp4Playlist).toContain("#EXT-X-VERSION:6");
    const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(mp4Playlist)?.[1] ?? "";
    const initFile = join(work, "init.mp4");
    const fragmentFile = join(work, "fragment.mp4");
    await curl("-o", initFile, init);
    await curl("-o", fragmentFile, firstUri(mp4Playlist));
    const joined = join(work, "init+fragment.mp4");
    await Bun.write(
      joined,
      Buffer.concat([await Bun.file(initFile).bytes(), await Bun.file(fragmentFile).bytes()]),
    );
    const probed = await probeFile(joined);
    expect(probed.errors).toBe("");
    expect(probed.streams.map((s) => s.codec_name)).toEqual(expect.arrayContaining(["h264", "aac"]));
    expect(await decodeErrors(joined)).toBe("");
  }, 60_000);

  test("ffmpeg -c copy and streamlink (hls://) each record 20 s from the master into valid files holding only content", async () => {
    const login = "night_owl_music";
    await goLive(login, { ladder: ["480p30", "audio_only"], segment_seconds: D, window_segments: 40 });
    const master = await masterUrl(login);
    // Render the pools before the clients start, so neither waits on ffmpeg's first render.
    const variants = (await curl(master)).split("\n").filter((line) => line && !line.startsWith("#"));
    for (const variant of variants) await curl("-o", "/dev/null", firstUri(await curl(variant)));

    const ffmpegOut = join(work, "ffmpeg.ts");
    const streamlinkOut = join(work, "streamlink.ts");
    const [viaFfmpeg, viaStreamlink] = await Promise.all([
      // -copyts and no mux delay keep the served timestamps (they identify segments); 600 frames of 30 fps are 20 s.
      run([
        ...[
          "ffmpeg",
          "-nostdin",
          "-y",
          "-v",
          "error",
          "-i",
          master,
          "-c",
          "copy",
          "-copyts",
          "-frames:v",
          "600",
        ],
        ...["-muxdelay", "0", "-muxpreload", "0", "-f", "mpegts", ffmpegOut],
      ]),
      run([
        "streamlink",
        "--loglevel",
        "error",
        `hls://${master}`,
        "best",
        "-o",
        streamlinkOut,
        "-f",
        "--hls-duration",
        "00:00:20",
      ]),
    ]);
    expect(viaFfmpeg).toMatchObject({ code: 0, stderr: "" });
    expect(viaStreamlink.code).toBe(0);

    const ledger = (await (await fetch(`${sim.url}/sim/channels/${login}/segments`)).json()) as {
      segments: { sequence: number; kind: string; fetches: number }[];
    };
    const fetchedContent = new Set(
      ledger.segments.filter((s) => s.kind === "content" && s.fetches > 0).map((s) => s.sequence),
    );
    for (const file of [ffmpegOut, streamlinkOut]) {
      const probed = await probeFile(file);
      expect(probed.streams.map((s) => s.codec_name)).toEqual(expect.arrayContaining(["h264", "aac"]));
      expect(probed.duration).toBeGreaterThan(19);
      expect(probed.duration).toBeLessThan(22);
      expect(await decodeErrors(file)).toBe("");
      // Each keyframe opens a segment: its PTS says which broadcast sequence it is (PTS = 10 + n·d).
      const sequences = (await probePackets(file))
        .filter((p) => p.stream === "video" && p.keyframe)
        .map((p) => Math.round((p.pts - 10) / D));
      expect(sequences.length).toBeGreaterThanOrEqual(38);
      expect(sequences).toEqual(sequences.map((_, i) => (sequences[0] as number) + i));
      expect(sequences.every((n) => fetchedContent.has(n))).toBe(true);
    }
  }, 90_000);
});
