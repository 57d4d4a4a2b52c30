import {
  bunProcessRunner,
  type ProcessInput,
  type ProcessRunner,
  type RunningProcess,
} from "../process/process-runner.ts";
import { boxBytes, topLevelBoxes } from "./box-stream.ts";
import type { FragmentedMp4File } from "./fragmented-file.ts";
import { Mp4Error } from "./mp4-boxes.ts";

export interface RemuxerOptions {
  ffmpegPath: string;
  /** What the segments are: MPEG-TS, or fMP4 (init section first, then fragments). */
  input: "ts" | "fmp4";
  audioOnly: boolean;
  /** Where the fragments go. */
  file: FragmentedMp4File;
  /** How ffmpeg is started (the real one unless a test stands in a fake). */
  processes?: ProcessRunner;
}

export class RemuxError extends Error {
  override name = "RemuxError";
  constructor(
    message: string,
    /** ffmpeg cannot run at all (missing, not executable): starting it again will not help. */
    readonly permanent = false,
  ) {
    super(message);
  }
}

/**
 * One ffmpeg per recording part, copying (never transcoding) the stream into fragmented MP4 as segments
 * arrive. Segments come in on stdin already laid end to end (no holes where ads were skipped); fragments
 * come out on stdout and are appended to the part file by us, so we always know which bytes are complete. Cost: a copy remux, the same as `ffmpeg -c copy` itself.
 */
export class Remuxer {
  private readonly stdin: ProcessInput;
  private readonly pumped: Promise<void>;
  private stderr = "";
  private failure: Error | null = null;

  private constructor(
    private readonly proc: RunningProcess,
    private readonly file: FragmentedMp4File,
  ) {
    this.stdin = proc.stdin as ProcessInput;
    this.pumped = this.pump().catch((err: Error) => {
      // The file refused ffmpeg's output: stop ffmpeg, or it would block on a pipe nobody reads.
      this.failure ??= err;
      proc.kill("SIGKILL");
    });
    // ffmpeg gone before we ended its input (killed, crashed): the next write says so, instead of feeding
    // segments into a closed pipe.
    proc.exited.then((code) => {
      if (!this.ending)
        this.failure ??= new RemuxError(
          `ffmpeg stopped unexpectedly (${proc.signalCode ?? `exit ${code}`}): ${this.stderr.trim().slice(-300)}`,
        );
    });
    this.collectStderr().catch(() => {});
  }

  /** Set once `end` or `abort` was called: ffmpeg exiting is then expected. */
  private ending = false;

  static start(options: RemuxerOptions): Remuxer {
    const args = [
      options.ffmpegPath,
      "-hide_banner",
      "-nostats",
      "-loglevel",
      "error",
      "-f",
      options.input === "ts" ? "mpegts" : "mp4",
      "-i",
      "pipe:0",
      "-map",
      "0:v?",
      "-map",
      "0:a?",
      "-c",
      "copy",
      ...(options.input === "ts" ? ["-bsf:a", "aac_adtstoasc"] : []),
      "-f",
      "mp4",
      "-movflags",
      "+frag_keyframe+empty_moov+delay_moov+default_base_moof",
      // Audio has no keyframes to cut on: cut every two seconds instead.
      ...(options.audioOnly ? ["-frag_duration", "2000000"] : []),
      "pipe:1",
    ];
    let proc: RunningProcess;
    try {
      proc = (options.processes ?? bunProcessRunner).spawn(args, {
        stdin: "pipe",
        stdout: "pipe",
        stderr: "pipe",
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new RemuxError(`cannot run ffmpeg at "${options.ffmpegPath}" (FFMPEG_PATH): ${code}`, true);
    }
    return new Remuxer(proc, options.file);
  }

  /** Feeds one segment; resolves once ffmpeg has taken it (backpressure keeps memory flat). */
  async write(segment: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    try {
      this.stdin.write(segment);
      await this.stdin.flush();
    } catch (err) {
      throw this.failure ?? new RemuxError(`ffmpeg stopped taking input: ${(err as Error).message}`);
    }
  }

  /** No more input: waits until every fragment is in the file. */
  async end(): Promise<void> {
    this.ending = true;
    await this.stdin.end();
    const [code] = await Promise.all([
      this.proc.exited,
      this.pumped.catch((e: Error) => (this.failure ??= e)),
    ]);
    if (this.failure) throw this.failure;
    if (code !== 0) throw new RemuxError(`ffmpeg exited with ${code}: ${this.stderr.trim().slice(-500)}`);
  }

  /** Stops at once (shutdown, cancel); the file keeps its complete fragments. */
  async abort(): Promise<void> {
    this.ending = true;
    this.proc.kill("SIGKILL");
    await this.proc.exited;
    await this.pumped;
  }

  private async pump(): Promise<void> {
    let moof: Uint8Array | null = null;
    for await (const box of topLevelBoxes(this.proc.stdout)) {
      if (box.type === "ftyp") {
        this.pendingFtyp = boxBytes(box);
      } else if (box.type === "moov") {
        const ftyp = this.pendingFtyp ?? new Uint8Array(0);
        const moov = boxBytes(box);
        const init = new Uint8Array(ftyp.length + moov.length);
        init.set(ftyp, 0);
        init.set(moov, ftyp.length);
        await this.file.writeInit(init);
      } else if (box.type === "moof") {
        moof = boxBytes(box);
      } else if (box.type === "mdat") {
        if (!moof) throw new Mp4Error("mdat without moof in ffmpeg's output");
        await this.file.appendFragment(moof, box.parts);
        moof = null;
      }
      // ffmpeg's own mfra indexes its stream, not our file: the file writes its own when finished.
    }
  }

  private pendingFtyp: Uint8Array | null = null;

  private async collectStderr(): Promise<void> {
    const decoder = new TextDecoder();
    for await (const chunk of this.proc.stderr)
      this.stderr = (this.stderr + decoder.decode(chunk)).slice(-4000);
  }
}
