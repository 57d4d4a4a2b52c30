import { mkdirSync, statSync } from "node:fs";
import { ConfigError } from "./load.ts";

/**
 * Creates the data folder when it is missing, before anything writes into it, so a folder that cannot be
 * made (`DATA_DIR=/proc/nope`, a read-only mount) stops the start with one line naming DATA_DIR instead of
 * a stack from whichever write came first. @throws ConfigError
 */
export function ensureDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error("not a folder"), { code: "ENOTDIR" });
  } catch (err) {
    throw new ConfigError(
      `DATA_DIR ${dir} cannot be created (${fsReason(err)}): set DATA_DIR to a folder replayd can write to`,
    );
  }
}

/** A file-system error without the path and call Node appends (`…, mkdir '/x'`): the message names it. */
export function fsReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/, \w+ '[^']*'$/, "");
}
