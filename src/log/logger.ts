import pino from "pino";
import pretty from "pino-pretty";

export type Logger = pino.Logger;
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal";

export interface LoggerOptions {
  level: LogLevel;
  /** "" picks readable output on a terminal and JSON lines otherwise. */
  format: "" | "pretty" | "json";
  /** Where to write; standard output by default. Tests pass a buffer. */
  destination?: NodeJS.WritableStream;
}

/**
 * The process logger. pino writes in-process here (no worker-thread transports), which is what keeps it
 * working inside the `bun build --compile` executable.
 */
export function createLogger(options: LoggerOptions): Logger {
  const json = options.format === "json" || (options.format === "" && !process.stdout.isTTY);
  const destination =
    options.destination ??
    (json
      ? pino.destination({ dest: 1, sync: true })
      : pretty({ colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname", sync: true }));
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
