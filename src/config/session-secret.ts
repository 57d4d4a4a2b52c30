import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../log/logger.ts";
import { fsReason } from "./data-dir.ts";
import { ConfigError } from "./load.ts";

/**
 * SESSION_SECRET signs sessions and derives the key that encrypts Twitch tokens at rest. When the user
 * gives none, one is generated once and kept in DATA_DIR so sessions survive restarts.
 */
export function resolveSessionSecret(configured: string, dataDir: string, log: Logger): string {
  if (configured) return configured;
  const file = join(dataDir, "session_secret");
  if (existsSync(file)) {
    const kept = readFileSync(file, "utf8").trim();
    if (kept.length >= 32) return kept;
  }
  const secret = randomBytes(48).toString("base64url");
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  } catch (err) {
    throw new ConfigError(
      `DATA_DIR ${dataDir}: the session secret cannot be written (${fsReason(err)}): make the folder writable by replayd, or set SESSION_SECRET`,
    );
  }
  log.warn(
    { file },
    "SESSION_SECRET is not set: generated one and kept it in the data folder (0600), so a copy of the data " +
      "folder can decrypt the Twitch tokens in its database; set SESSION_SECRET to keep it elsewhere",
  );
  return secret;
}
