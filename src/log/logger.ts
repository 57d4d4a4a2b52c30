import pino from "pino";
import pretty from "pino-pretty";
import { RotatingFile, type Rotation } from "./rotating-file.ts";

export type Logger = pino.Logger;
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal";

export interface LoggerOptions {
  level: LogLevel;
  /** "" picks readable output on a terminal and JSON lines otherwise. */
  format: "" | "pretty" | "json";
  /** Where to write; standard output by default. Tests pass a buffer. */
  destination?: NodeJS.WritableStream;
  /** Also append JSON lines to this file (its folder is made), rotated by size. */
  file?: string;
  /** Default: 10 MiB, 5 copies kept. */
  rotation?: Rotation;
}

export const DEFAULT_ROTATION: Rotation = { maxBytes: 10 * 1024 * 1024, keep: 5 };

/**
 * The process logger. pino writes in-process here (no worker-thread transports), which is what keeps it
 * working inside the `bun build --compile` executable.
 */
export function createLogger(options: LoggerOptions): Logger {
  const json = options.format === "json" || (options.format === "" && !process.stdout.isTTY);
  const screen =
    options.destination ??
    (json
      ? pino.destination({ dest: 1, sync: true })
      : pretty({ colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname", sync: true }));
  const destination = options.file
    ? pino.multistream([
        { level: options.level, stream: screen },
        {
          level: options.level,
          stream: new RotatingFile(options.file, options.rotation ?? DEFAULT_ROTATION),
        },
      ])
    : screen;
  return pino(
    {
      level: options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Belt and braces: these never reach a log line, whatever object a caller logs.
      redact: {
        paths: [
          "password",
          "secret",
          "token",
          "access_token",
          "refresh_token",
          "client_secret",
          "*.password",
          "*.secret",
          "*.token",
          "*.access_token",
          "*.refresh_token",
          "*.client_secret",
          "headers.authorization",
          "headers.cookie",
        ],
        censor: "REDACTED",
      },
    },
    destination,
  );
}
