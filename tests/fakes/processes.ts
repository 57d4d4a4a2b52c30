import { basename } from "node:path";
import type {
  ProcessInput,
  ProcessRunner,
  RunningProcess,
  SpawnOptions,
} from "../../src/process/process-runner.ts";
import { headerSeconds } from "./media.ts";

/** What a fake program does once started: reads its input, writes output, exits. */
export type FakeProgram = (process: FakeProcess) => void;

/**
 * Programs that exist only in a test. A program the runner does not know cannot be started (as a missing
 * binary: ENOENT), so a test lists exactly the programs the code under test may start.
 */
export class FakeProcessRunner implements ProcessRunner {
  /** Every process started, in order. */
  readonly started: FakeProcess[] = [];

  constructor(private readonly programs: Record<string, FakeProgram>) {}

  spawn(command: string[], options: SpawnOptions = {}): RunningProcess {
    const name = basename(command[0] ?? "");
    const program = this.programs[name];
    if (!program) {
      throw Object.assign(new Error(`ENOENT: no such file or directory, posix_spawn '${command[0]}'`), {
        code: "ENOENT",
      });
    }
    const process = new FakeProcess(command, options);
    this.started.push(process);
    program(process);
    return process;
  }

  /** The processes started of one program (by name), in order. */
  of(name: string): FakeProcess[] {
    return this.started.filter((p) => basename(p.command[0] ?? "") === name);
  }
}

/** One fake process: the test (or its program) writes its output and decides how it ends. */
export class FakeProcess implements RunningProcess {
  readonly stdin: ProcessInput | null;
  readonly stdout: ReadableStream<Uint8Array>;
  readonly stderr: ReadableStream<Uint8Array>;
  readonly exited: Promise<number>;
  signalCode: string | null = null;
  killed = false;
  /** Called with each chunk written to stdin, then once with null when the input ends. */
  onInput: (chunk: Uint8Array | null) => void = () => {};
  private out!: ReadableStreamDefaultController<Uint8Array>;
  private err!: ReadableStreamDefaultController<Uint8Array>;
  private resolveExit!: (code: number) => void;
  private ended = false;

  constructor(
    readonly command: string[],
    options: SpawnOptions,
  ) {
    this.stdout = new ReadableStream({
      start: (controller) => {
        this.out = controller;
      },
    });
    this.stderr = new ReadableStream({
      start: (controller) => {
        this.err = controller;
      },
    });
    this.exited = new Promise((resolve) => {
      this.resolveExit = resolve;
    });
    this.stdin = options.stdin === "pipe" ? this.input() : null;
  }

  get running(): boolean {
    return !this.ended;
  }

  /** The program writes to stdout. */
  write(bytes: Uint8Array): void {
    if (!this.ended) this.out.enqueue(bytes);
  }

  /** The program writes to stderr. */
  complain(text: string): void {
    if (!this.ended) this.err.enqueue(new TextEncoder().encode(text));
  }

  /** The program ends with `code`. */
  exit(code: number): void {
    this.end(code, null);
  }

  kill(signal: "SIGKILL" | "SIGTERM" = "SIGKILL"): void {
    this.killed = true;
    this.end(signal === "SIGKILL" ? 137 : 143, signal);
  }

  /** Stops reading its input (a hung ffmpeg): writes wait until it is killed, then fail. */
  hang(): void {
    this.hung = true;
  }

  private hung = false;
  private readonly whenEnded: (() => void)[] = [];

  /** Killed from outside (the OOM killer, a person): ends as by a signal, but not by us. */
  die(signal: "SIGKILL" | "SIGSEGV" = "SIGKILL"): void {
    this.end(signal === "SIGKILL" ? 137 : 139, signal);
  }

  private end(code: number, signal: string | null): void {
    if (this.ended) return;
    this.ended = true;
    this.signalCode = signal;
    this.out.close();
    this.err.close();
    this.resolveExit(code);
    for (const wake of this.whenEnded.splice(0)) wake();
  }

  private input(): ProcessInput {
    let closed = false;
    return {
      write: (chunk) => {
        if (this.ended) throw new Error("EPIPE: broken pipe");
        if (!this.hung) this.onInput(chunk);
      },
      flush: async () => {
        if (this.hung && !this.ended) await new Promise<void>((resolve) => this.whenEnded.push(resolve));
        if (this.ended) throw new Error("EPIPE: broken pipe");
      },
      end: async () => {
        if (closed) return;
        closed = true;
        if (!this.ended) this.onInput(null);
      },
    };
  }
}

/**
 * ffmpeg as the recorder uses it: the copy-remux (segments in on stdin, fragmented MP4 out on stdout, a
 * fragment per segment at once), stills (a JPEG written where asked) and waveforms (silence on stdout).
 */
export const fakeFfmpeg: FakeProgram = (process) => {
  const args = process.command;
  if (args.includes("s16le")) {
    process.write(new Uint8Array(16_000));
    process.exit(0);
  } else {
    const out = args.at(-1) as string;
    Bun.write(out, "not really a jpeg").then(() => process.exit(0));
  }
};

/** ffprobe answering for an MP4 the fake ffmpeg made: its header's duration, one 1080p60 video stream. */
export const fakeFfprobe: FakeProgram = (process) => {
  const file = process.command.at(-1) as string;
  Bun.file(file)
    .bytes()
    .then((bytes) => {
      const seconds = String(headerSeconds(bytes));
      const streams = [
        {
          codec_type: "video",
          codec_name: "h264",
          width: 1920,
          height: 1080,
          avg_frame_rate: "60/1",
          duration: seconds,
        },
      ];
      process.write(
        new TextEncoder().encode(
          JSON.stringify({ format: { duration: seconds, format_name: "mov,mp4" }, streams }),
        ),
      );
      process.exit(0);
    })
    .catch((err: Error) => {
      process.complain(err.message);
      process.exit(1);
    });
};
