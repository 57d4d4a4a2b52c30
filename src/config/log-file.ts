import { join, resolve } from "node:path";
import type { Rotation } from "../log/rotating-file.ts";
import type { ResolvedConfig } from "./load.ts";

/**
 * Where the log is also written, or undefined when it is not: LOG_FILE (relative to the working folder),
 * else with LOG_TO_FILE `<LOG_DIR or DATA_DIR/logs>/replayd.log`.
 */
export function logFile(config: Pick<ResolvedConfig, "log" | "data_dir">): string | undefined {
  if (config.log.file) return resolve(config.log.file);
  if (!config.log.to_file) return undefined;
  return join(config.log.dir || join(config.data_dir, "logs"), "replayd.log");
}

/** How the log file rotates (LOG_FILE_MAX_MB, LOG_FILE_KEEP). */
export function logRotation(config: Pick<ResolvedConfig, "log">): Rotation {
  return { maxBytes: config.log.file_max_mb * 1024 * 1024, keep: config.log.file_keep };
}
