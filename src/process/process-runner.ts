import type { FileSink } from "bun";

/**
 * How replayd starts programs (ffmpeg, ffprobe): every spawn goes through a `ProcessRunner`, so a test can
 * stand in a fake program (one that echoes fragments, one that is missing, one killed mid-run) and run in
 * milliseconds. `bunProcessRunner` is the real one.
 */
export interface ProcessRunner {
  /**
   * Starts `command` (the program, then its arguments). Throws, with the system's code (ENOENT, EACCES)
   * on the error, when it cannot be started at all.
   */
  spawn(command: string[], options?: SpawnOptions): RunningProcess;
}

export type Stdio = "pipe" | "ignore";

export interface SpawnOptions {
  /** "ignore" unless given. */
  stdin?: Stdio;
  stdout?: Stdio;
  stderr?: Stdio;
  /** Killed with SIGKILL once it has run this long. */
  timeoutMs?: number;
}

/** The writing end of a program's stdin. */
export interface ProcessInput {
  /** Throws when the program no longer reads its input. */
  write(chunk: Uint8Array): void;
  /** Resolves once the program has taken what was written (backpressure keeps memory flat). */
  flush(): Promise<void>;
  /** No more input. */
  end(): Promise<void>;
}

export interface RunningProcess {
  /** Null unless started with `stdin: "pipe"`. */
  readonly stdin: ProcessInput | null;
  /** Its output; an empty stream unless started with "pipe". */
  readonly stdout: ReadableStream<Uint8Array>;
  readonly stderr: ReadableStream<Uint8Array>;
  /** Its exit code once it ended (128 + the signal's number when a signal ended it). */
  readonly exited: Promise<number>;
  /** The signal that ended it ("SIGKILL"), or null. */
  readonly signalCode: string | null;
  /** Whether we killed it (`kill`, or its timeout). */
  readonly killed: boolean;
  kill(signal?: "SIGKILL" | "SIGTERM"): void;
}

const empty = () =>
  new ReadableStream<Uint8Array>({
    start: (controller) => controller.close(),
  });

/** Programs started with `Bun.spawn`. */
export const bunProcessRunner: ProcessRunner = {
  spawn(command, options = {}) {
    const proc = Bun.spawn(command, {
      stdin: options.stdin ?? "ignore",
      stdout: options.stdout ?? "ignore",
      stderr: options.stderr ?? "ignore",
      ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs, killSignal: "SIGKILL" }),
    });
    const sink = options.stdin === "pipe" ? (proc.stdin as FileSink) : null;
    return {
      stdin: sink && {
        write: (chunk) => {
          sink.write(chunk);
        },
        flush: async () => {
          await sink.flush();
        },
        end: async () => {
          await sink.end();
        },
      },
      stdout: options.stdout === "pipe" ? (proc.stdout as ReadableStream<Uint8Array>) : empty(),
      stderr: options.stderr === "pipe" ? (proc.stderr as ReadableStream<Uint8Array>) : empty(),
      exited: proc.exited,
      get signalCode() {
        return proc.signalCode === null ? null : String(proc.signalCode);
      },
      get killed() {
        return proc.killed;
      },
      kill: (signal = "SIGKILL") => proc.kill(signal),
    };
  },
};
