// The three recorders compared: replayd (`replayd record`, one process for every stream, one ffmpeg per
// part under it), `ffmpeg -i <media playlist> -c copy` per stream, and Debian's streamlink per stream.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { filesUnder } from "./util.ts";

export const RECORDERS = ["replayd", "ffmpeg", "streamlink"] as const;
export type RecorderName = (typeof RECORDERS)[number];

export interface RunningRecorder {
  name: RecorderName;
  processes: Subprocess[];
  /** The files holding one stream's recording, in order (replayd may write several parts). */
  filesOf(login: string): string[];
  /** Where everything it writes goes (bytes written = the size of this folder at the end). */
  outputDir: string;
}

export interface RecorderTarget {
  login: string;
  /** The media playlist URL, for the peers that take one. */
  playlistUrl: string;
}

export function startRecorder(
  name: RecorderName,
  targets: RecorderTarget[],
  context: {
    binary: string;
    simUrl: string;
    workDir: string;
    /** Runs replayd as this command instead of the binary (e.g. `bun --cpu-prof src/main.ts`). */
    replaydCommand?: string[];
    /** More environment for replayd (e.g. CHAT_ENABLED). */
    replaydEnv?: Record<string, string>;
  },
): RunningRecorder {
  mkdirSync(context.workDir, { recursive: true });
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
  const log = (file: string) => Bun.file(join(context.workDir, file));
  if (name === "replayd") {
    const dataDir = join(context.workDir, "data");
    // No rejoin window: the recording ends as soon as the stream's playlist says it ended, as the peers do.
    writeFileSync(
      join(context.workDir, "config.toml"),
      "[recorder]\nmax_concurrent = 100\nmax_restart_gap_seconds = 0\n",
    );
    const command = context.replaydCommand ?? [context.binary];
    const proc = Bun.spawn([...command, "record", ...targets.map((t) => t.login)], {
      cwd: context.workDir,
      env: {
        ...env,
        DATA_DIR: dataDir,
        TWITCH_SIMULATOR_URL: context.simUrl,
        LOG_FORMAT: "json",
        LOG_LEVEL: "warn",
        ...context.replaydEnv,
      },
      stdin: "ignore",
      stdout: log("replayd.log"),
      stderr: log("replayd.err"),
    });
    const videos = join(dataDir, "videos");
    return {
      name,
      processes: [proc],
      outputDir: videos,
      filesOf: (login) =>
        filesUnder(videos)
          .map((f) => f.path)
          .filter((p) => p.includes(`-${login}-`) && /\.(mp4|m4a)$/.test(p))
          .sort(),
    };
  }
  const out = join(context.workDir, "out");
  mkdirSync(out, { recursive: true });
  const processes = targets.map((t) => {
    const file = join(out, `${t.login}.ts`);
    const argv =
      name === "ffmpeg"
        ? [
            "ffmpeg",
            "-nostdin",
            "-loglevel",
            "error",
            "-i",
            t.playlistUrl,
            "-c",
            "copy",
            "-f",
            "mpegts",
            file,
          ]
        : ["streamlink", "--loglevel", "error", "-o", file, `hls://${t.playlistUrl}`, "best"];
    return Bun.spawn(argv, { env, stdin: "ignore", stdout: "ignore", stderr: log(`${t.login}.${name}.err`) });
  });
  return {
    name,
    processes,
    outputDir: out,
    filesOf: (login) => [join(out, `${login}.ts`)],
  };
}
