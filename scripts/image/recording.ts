// The recording check, shared by the rootfs and podman runs: `replayd record` inside the image records an
// H.264, an HEVC and an AV1 channel from the simulator (outside, over HTTPS), and the parts, thumbnails and
// strips it wrote to the data folder are checked from outside with the static ffprobe.
import { Database } from "bun:sqlite";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { assert, mib } from "./checks.ts";
import { runOk, tail, until, withTimeout } from "./processes.ts";
import type { TlsSimulator } from "./tls-sim.ts";

export const CHANNELS = [
  { login: "kitchen_lab", codec: "h264" },
  { login: "speedrun_sam", codec: "hevc" },
  { login: "night_owl_music", codec: "av1" },
] as const;
const RECORD_SEGMENTS = 8;

// The simulator's CA goes in the data folder, where NODE_EXTRA_CA_CERTS finds it. So does a config file: AV1
// is recorded only when the settings allow it, and a recording whose broadcast ended waits
// max_restart_gap_seconds for a comeback before `record` exits (no variables for these).
const CA_IN_IMAGE = "/data/validation-ca.pem";
const CONFIG_IN_IMAGE = "/data/config.toml";
const CONFIG = "[recorder]\nenable_av1 = true\nmax_restart_gap_seconds = 1\n";

/** Writes the CA and the config file into the folder mounted on /data (the rootfs's, or the volume). */
export function writeRecorderFiles(dataDir: string, sim: TlsSimulator) {
  writeFileSync(join(dataDir, basename(CA_IN_IMAGE)), sim.caPem);
  writeFileSync(join(dataDir, basename(CONFIG_IN_IMAGE)), CONFIG);
}

/** The variables that make replayd in the image record from the simulator, trusting its CA. */
export function recorderEnv(sim: TlsSimulator): Record<string, string> {
  return { TWITCH_SIMULATOR_URL: sim.url, NODE_EXTRA_CA_CERTS: CA_IN_IMAGE, CONFIG_FILE: CONFIG_IN_IMAGE };
}

/** Makes the channels live (those that are not yet). */
export async function goLive(sim: TlsSimulator) {
  for (const { login, codec } of CHANNELS)
    if (!(await sim.channel(login)).live)
      await sim.control(`/channels/${login}/live`, {
        codec,
        ladder: ["360p30"],
        segment_seconds: 1,
        bitrate_kbps: 400,
      });
}

/**
 * Waits for `record` to have started every channel (its log says so), lets RECORD_SEGMENTS segments pass, ends
 * the broadcasts, and waits for `record` to exit. Returns its exit code.
 */
export async function recordWhileLive(
  sim: TlsSimulator,
  log: () => string,
  exited: Promise<number>,
): Promise<number> {
  let code: number | null = null;
  exited.then((c) => {
    code = c;
  });
  await until(
    "replayd record to start every channel",
    async () => {
      if (code !== null) throw new Error(`record exited ${code} early: ${tail(log(), 3)}`);
      return (log().match(/recording started/g)?.length ?? 0) >= CHANNELS.length ? true : undefined;
    },
    90_000,
  ).catch((err) => {
    throw new Error(`${(err as Error).message}; its log: ${tail(log(), 6)}`);
  });
  const from = await Promise.all(CHANNELS.map(async (c) => (await sim.channel(c.login)).sequence));
  await until(
    `${RECORD_SEGMENTS} more segments`,
    async () => {
      const now = await Promise.all(CHANNELS.map(async (c) => (await sim.channel(c.login)).sequence));
      return now.every((n, i) => n - (from[i] ?? 0) >= RECORD_SEGMENTS) ? true : undefined;
    },
    60_000,
  );
  for (const { login } of CHANNELS) await sim.control(`/channels/${login}/offline`, { end: "endlist" });
  return withTimeout(
    exited,
    90_000,
    () => `record did not exit within 90 s of the broadcasts' end: ${tail(log(), 3)}`,
  );
}

/** Reads the recordings from the data folder: every video DONE, each part checked by ffprobe (outside). */
export async function checkRecordings(dataDir: string, ffprobe: string): Promise<string> {
  const db = new Database(join(dataDir, "replayd.db"), { readonly: true });
  try {
    const rows = db
      .query<
        {
          login: string;
          status: string;
          completion_kind: string;
          filename: string;
          codec: string;
          duration_seconds: number;
          thumbnail: string | null;
        },
        []
      >(
        `SELECT c.broadcaster_login AS login, v.status, v.completion_kind, p.filename, p.codec, p.duration_seconds, p.thumbnail
           FROM videos v JOIN channels c ON c.broadcaster_id = v.broadcaster_id
           JOIN video_parts p ON p.video_id = v.id ORDER BY v.id DESC, p.part_index`,
      )
      .all();
    const seen: string[] = [];
    for (const { login, codec } of CHANNELS) {
      const row = rows.find((r) => r.login === login);
      assert(row, `no recording of ${login}`);
      assert(row.status === "DONE", `${login}: status ${row.status} (${row.completion_kind})`);
      const file = join(dataDir, "videos", row.filename);
      const probe = await runOk([
        ffprobe,
        "-v",
        "error",
        "-print_format",
        "json",
        "-show_format",
        "-show_streams",
        file,
      ]);
      const info = JSON.parse(probe.stdout) as {
        format: { duration: string };
        streams: { codec_type: string; codec_name: string; width?: number }[];
      };
      const video = info.streams.find((s) => s.codec_type === "video");
      const audio = info.streams.find((s) => s.codec_type === "audio");
      const duration = Number(info.format.duration);
      assert(
        video?.codec_name === codec,
        `${login}: video is ${video?.codec_name ?? "missing"}, expected ${codec}`,
      );
      assert(audio?.codec_name === "aac", `${login}: audio is ${audio?.codec_name ?? "missing"}`);
      assert(
        duration >= RECORD_SEGMENTS - 1,
        `${login}: ${duration} s recorded, expected ≥ ${RECORD_SEGMENTS - 1}`,
      );
      // The stills, made inside by the static ffmpeg (decoding this codec, scaling, tiling, mjpeg).
      assert(row.thumbnail, `${login}: no thumbnail (the static ffmpeg could not decode ${codec}?)`);
      const thumb = join(dataDir, row.thumbnail);
      const still = JSON.parse(
        (await runOk([ffprobe, "-v", "error", "-print_format", "json", "-show_streams", thumb])).stdout,
      ).streams[0] as { codec_name: string; width: number };
      assert(still.codec_name === "mjpeg", `${login}: thumbnail is ${still.codec_name}`);
      const strip = thumb.replace(/\.jpg$/, "-strip.jpg");
      assert(existsSync(strip), `${login}: no hover strip at ${basename(strip)}`);
      seen.push(
        `${login} ${codec}+aac ${duration.toFixed(1)} s ${mib(statSync(file).size)} + jpeg ${still.width}px + strip`,
      );
    }
    return seen.join("; ");
  } finally {
    db.close();
  }
}
