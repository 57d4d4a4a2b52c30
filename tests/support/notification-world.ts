import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { bootstrap } from "../../src/boot/bootstrap.ts";
import { loadConfig } from "../../src/config/load.ts";
import type { Dialect } from "../../src/db/sql/client.ts";
import { createLogger } from "../../src/log/logger.ts";
import type { RetryPolicy } from "../../src/net/delivery-outcome.ts";
import { freshDatabase } from "./databases.ts";

/**
 * One replayd process's services (`bootstrap`) for notification tests: a fresh database, receivers on
 * this machine allowed (WEBHOOK_ALLOWED_HOSTS=127.0.0.1, as an owner would list a LAN server), quick
 * retries, and every log line kept so a test can check what reached the log. The dispatcher is not
 * started: the test starts it.
 */
export async function notificationWorld(
  dialect: Dialect = "sqlite",
  retry: RetryPolicy = { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 5_000 },
  /** The dispatcher's clock (how late a delivery is); the real one unless given. */
  now?: () => number,
) {
  const database = await freshDatabase(dialect);
  const dataDir = mkdtempSync(join(tmpdir(), "replayd-notify-"));
  const config = loadConfig({
    cwd: dataDir,
    env: {
      DATA_DIR: dataDir,
      TWITCH_SIMULATOR_URL: "http://127.0.0.1:9",
      WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
    },
  });
  const lines: string[] = [];
  const log = createLogger({
    level: "debug",
    format: "json",
    destination: new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  });
  const booted = await bootstrap(config, log, {
    db: await database.open(),
    sessionSecret: "s".repeat(48),
    // Stale after no time at all: a row left `delivering` before start is put back at once.
    notificationDispatcher: { pollMs: 600_000, retry, staleMs: 0, ...(now ? { now } : {}) },
  });
  const { services } = booted;
  return {
    services,
    repo: services.repo,
    notifications: services.notifications,
    dispatcher: services.notificationDispatcher,
    /** Everything logged so far, one JSON line each. */
    logged: () => lines.join(""),
    async close() {
      await services.notificationDispatcher.drain(2000);
      await services.recorder.shutdown();
      await booted.close();
      await database.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
