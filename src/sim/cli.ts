import { parseArgs } from "node:util";
import { untilStopped } from "../lib/shutdown.ts";
import { createLogger, type LogLevel } from "../log/logger.ts";
import { startSimulator } from "./server.ts";

export const SIM_HELP = `Usage: replayd sim [options]

The Twitch simulator alone: Helix, OAuth, GQL, usher, media, EventSub and chat (IRC over WebSocket at
/irc) on one origin, plus its control API under /sim (see docs/simulator.md).

Options:
  --port N            port to listen on (default 8090; 0 picks a free one)
  --host ADDR         address to listen on (default 127.0.0.1)
  --seed N            seed of every random choice, to replay a run (default: random, logged at start)
  --warp X            simulated seconds per real second (default 1)
  --client-id ID      accept only this Twitch client id (default: any)
  --client-secret S   accept only this client secret (default: any)
  --no-fixture        start with no channels
  --chat-rate N       chat lines per simulated second in every live channel (default 0: none until
                      POST /sim/channels/{login}/chat asks)
  --media-cache DIR   where rendered segment media is kept (default: $XDG_CACHE_HOME/replayd/sim-media,
                      else the OS temp folder); FFMPEG_PATH picks the ffmpeg that renders it
`;

/** `replayd sim`: runs until SIGTERM/SIGINT. */
export async function runSimCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "8090" },
      host: { type: "string", default: "127.0.0.1" },
      seed: { type: "string" },
      warp: { type: "string", default: "1" },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      "no-fixture": { type: "boolean", default: false },
      "media-cache": { type: "string" },
      "chat-rate": { type: "string", default: "0" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(SIM_HELP);
    return 0;
  }
  const port = Number(values.port);
  const warp = Number(values.warp);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new SimUsageError("--port: expected 0-65535");
  if (!(warp > 0)) throw new SimUsageError("--warp: expected a positive number");
  if (seed !== undefined && !Number.isInteger(seed)) throw new SimUsageError("--seed: expected an integer");
  const chatRate = Number(values["chat-rate"]);
  if (!(chatRate >= 0 && chatRate <= 10_000)) throw new SimUsageError("--chat-rate: expected 0-10000");

  const log = createLogger({
    level: (process.env.LOG_LEVEL?.toLowerCase() as LogLevel | undefined) ?? "info",
    format: (process.env.LOG_FORMAT as "pretty" | "json" | undefined) ?? "",
  }).child({ module: "sim" });
  const sim = startSimulator({
    log,
    host: values.host,
    port,
    seed,
    warp,
    clientId: values["client-id"] ?? null,
    clientSecret: values["client-secret"] ?? null,
    fixture: !values["no-fixture"],
    media: { cacheDir: values["media-cache"], ffmpeg: process.env.FFMPEG_PATH || undefined },
    chat: { rate_per_second: chatRate },
  });
  log.info({ url: sim.url, seed: sim.ctx.state.random.seed, warp }, "twitch simulator is ready");
  return untilStopped(log, () => sim.stop());
}

export class SimUsageError extends Error {
  override name = "StartupError";
}
