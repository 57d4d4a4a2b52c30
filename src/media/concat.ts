import { rm, writeFile } from "node:fs/promises";
import { bunProcessRunner, type ProcessRunner } from "../process/process-runner.ts";
import { ProgressReader } from "./ffmpeg-progress.ts";

/**
 * Joins MP4 files end to end into one MP4 without re-encoding: ffmpeg's concat demuxer with `-c copy`,
 * each file's timestamps continuing where the previous file's container duration ended, and the index
 * (moov) moved to the front (`+faststart`) so a player can seek before it has the whole file. Our part
 * files are fragmented MP4; the output is a plain, seekable MP4 with one timeline.
 */

export type JoinFailure =
  /** `signal` aborted: nothing is wrong with the files. */
  | "aborted"
  /** It ran longer than `timeoutMs`. */
  | "timeout"
  /** The disk filled up while writing: may work later. */
  | "no-space"
  /** ffmpeg refused the files, or could not be started. */
  | "failed";

export class JoinError extends Error {
  override name = "JoinError";
  constructor(
    readonly kind: JoinFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface JoinRequest {
  /** Absolute paths of the files, in order. */
  inputs: string[];
  /** Where the joined file is written (its folder must exist); replaced if present. */
  output: string;
  /** The inputs' summed duration, for the progress fraction. */
  totalSeconds: number;
  ffmpegPath: string;
  processes?: ProcessRunner;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The share written so far (0–1), as ffmpeg reports it (about twice a second). */
  onProgress?: (fraction: number) => void;
}

/** The concat demuxer's list: one `file '<path>'` line per input, quotes escaped as the format wants. */
export function concatList(inputs: readonly string[]): string {
  return inputs.map((path) => `file '${path.replaceAll("'", "'\\''")}'\n`).join("");
}

/** ffmpeg's arguments for joining the files listed in `list` into `output`. */
export function joinArguments(ffmpegPath: string, list: string, output: string): string[] {
  return [
    ffmpegPath,
    "-nostdin",
    "-hide_banner",
    "-v",
    "error",
    // Without it, a part ffmpeg cannot open is skipped with a message and the exit code is still 0.
    "-xerror",
    "-y",
    "-f",
    "concat",
    "-safe",
    "0",
    "-i",
    list,
    "-map",
    "0",
    "-c",
    "copy",
    "-movflags",
    "+faststart",
    "-f",
    "mp4",
    "-progress",
    "pipe:1",
    "-nostats",
    output,
  ];
}

/** Joins `inputs` into `output`; throws a `JoinError` saying why not (the partial output is removed). */
export async function joinMp4(request: JoinRequest): Promise<void> {
  const { signal } = request;
  signal?.throwIfAborted();
  const list = `${request.output}.concat.txt`;
  await writeFile(list, concatList(request.inputs));
  let proc: ReturnType<ProcessRunner["spawn"]>;
  try {
    proc = (request.processes ?? bunProcessRunner).spawn(
      joinArguments(request.ffmpegPath, list, request.output),
      { stdout: "pipe", stderr: "pipe" },
    );
  } catch (err) {
    await rm(list, { force: true });
    throw new JoinError("failed", `ffmpeg could not be started: ${(err as Error).message}`);
  }
  let ended: JoinFailure | null = null;
  const stop = (why: JoinFailure) => {
    ended ??= why;
    proc.kill("SIGKILL");
  };
  const onAbort = () => stop("aborted");
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) onAbort();
  const timer = setTimeout(() => stop("timeout"), request.timeoutMs);
  const progress = new ProgressReader(request.totalSeconds, (f) => request.onProgress?.(f));
  try {
    const [, stderr, code] = await Promise.all([
      readText(proc.stdout, (text) => progress.push(text)),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    progress.end();
    if (ended === "aborted") throw new JoinError("aborted", "the build was cancelled");
    if (ended === "timeout")
      throw new JoinError("timeout", `joining took longer than ${duration(request.timeoutMs)}`);
    if (code !== 0) {
      const detail = lastLines(stderr) || `exit code ${code}`;
      const kind = /no space left on device/i.test(stderr) ? "no-space" : "failed";
      throw new JoinError(kind, `ffmpeg could not join the parts: ${detail}`);
    }
  } catch (err) {
    await rm(request.output, { force: true });
    throw err;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    await rm(list, { force: true });
  }
}

async function readText(stream: ReadableStream<Uint8Array>, onText: (text: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  for await (const chunk of stream) onText(decoder.decode(chunk, { stream: true }));
}

/**
 * The end of ffmpeg's complaint, on one line, short enough for a row and a log line: without its
 * `[demuxer @ 0x…]` prefixes and the folders of the paths it names (the file names say enough).
 */
export function lastLines(stderr: string): string {
  return stderr
    .trim()
    .split(/\r?\n/)
    .slice(-3)
    .map((line) =>
      line.replace(/^\[[^\]]* @ 0x[0-9a-f]+\]\s*/i, "").replace(/(?:\/[^\s/'"]+)+\/(?=[^\s/'"]+)/g, ""),
    )
    .join(" / ")
    .slice(-400);
}

function duration(ms: number): string {
  return ms < 120_000 ? `${ms / 1000} s` : `${Math.round(ms / 60_000)} min`;
}
