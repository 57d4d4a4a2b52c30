import { join } from "node:path";
import type { ResolvedConfig } from "./load.ts";

/** Where the log is also written (LOG_TO_FILE): `<LOG_DIR or DATA_DIR/logs>/replayd.log`; undefined when off. */
export function logFile(config: Pick<ResolvedConfig, "log" | "data_dir">): string | undefined {
  if (!config.log.to_file) return undefined;
  return join(config.log.dir || join(config.data_dir, "logs"), "replayd.log");
}
