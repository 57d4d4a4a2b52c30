import type { Logger } from "../log/logger.ts";

/**
 * Resolves with an exit code once SIGTERM or SIGINT has stopped `stop`. A second signal sent deliberately
 * later exits at once; the same Ctrl-C often arrives twice within a moment (from the terminal and
 * forwarded by `npm start`), and counts once.
 */
export function untilStopped(log: Logger, stop: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    let firstSignalAt = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (firstSignalAt) {
        if (Date.now() - firstSignalAt < 1000) return;
        log.warn({ signal }, "second signal: exiting now");
        resolve(0);
        return;
      }
      firstSignalAt = Date.now();
      log.info({ signal }, "shutting down");
      stop().then(
        () => resolve(0),
        (err) => {
          log.error({ err }, "error during shutdown");
          resolve(1);
        },
      );
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
}
