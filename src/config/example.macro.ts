import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Runs at bundle time (imported `with { type: "macro" }`): config.example.toml inlined, so the executable
 * prints it (`replayd config example`) without the source tree beside it.
 */
export function readExampleConfig(): string {
  return readFileSync(join(import.meta.dir, "../../config.example.toml"), "utf8");
}
