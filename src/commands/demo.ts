import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { startServer } from "../app.ts";
import { type Booted, bootstrap } from "../boot/bootstrap.ts";
import { loadConfig } from "../config/index.ts";
import type { Repository } from "../db/repository.ts";
import { SIMULATOR_PROXY_PATH, simulatorProxyRoutes } from "../http/routes/simulator-proxy.routes.ts";
import { untilStopped } from "../lib/shutdown.ts";
import { sleep } from "../lib/sleep.ts";
import { createLogger, type Logger, type LogLevel } from "../log/logger.ts";
import { DEMO_CHAT_RATE } from "../sim/chat/options.ts";
import { FIXTURE_CHANNELS, FIXTURE_VIEWER } from "../sim/fixture.ts";
import { type RunningSimulator, startSimulator } from "../sim/server.ts";
import { announceFirstRecording } from "./demo-announce.ts";
import { demoAddresses, demoListen } from "./demo-host.ts";
import { PROGRAMME } from "./demo-programme.ts";

export const DEMO_HELP = `Usage: replayd demo [options]

replayd and the Twitch simulator together: simulated channels (followed by the demo user, each with a
schedule) go live and offline on a loop, one with an ad break, and replayd records them. Sign in with
the simulated Twitch account in one click.

Options:
  --port N          port of replayd (default 8080)
  --host ADDR       address to listen on (default 127.0.0.1); 0.0.0.0 to open the demo from another
                    machine (anyone who reaches it can sign in as its owner: it holds only simulated data)
  --data-dir DIR    where the demo keeps its database and recordings (default ./demo-data)
`;

export class DemoUsageError extends Error {
  override name = "StartupError";
}

/** The same seed every time, so the simulated users keep their ids across demo runs on one data folder. */
const DEMO_SEED = 2026;

export async function runDemoCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "8080" },
      host: { type: "string", default: "127.0.0.1" },
      "data-dir": { type: "string", default: "demo-data" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(DEMO_HELP);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new DemoUsageError("--port: expected 1-65535");
  const listen = demoListen(values.host);
  const dataDir = resolve(values["data-dir"]);
  mkdirSync(dataDir, { recursive: true });

  const log = createLogger({
    level: (process.env.LOG_LEVEL?.toLowerCase() as LogLevel | undefined) ?? "info",
    format: (process.env.LOG_FORMAT as "pretty" | "json" | undefined) ?? "",
  });
  // The simulator stays on loopback; browsers reach its sign-in page and images through replayd (below).
  const sim = startSimulator({
    log: log.child({ module: "sim" }),
    port: 0,
    seed: DEMO_SEED,
    browserBase: SIMULATOR_PROXY_PATH,
    // Live channels chat a little, so a recording has some to show.
    chat: { rate_per_second: DEMO_CHAT_RATE },
  });
  log.info({ url: sim.url }, `the simulated Twitch listens on ${sim.url} (its control API under /sim)`);
  const addresses = demoAddresses(listen, port);
  let server: Awaited<ReturnType<typeof startServer>>;
  let booted: Booted;
  try {
    const config = loadConfig({
      cwd: dataDir,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: listen.host,
        DATA_DIR: dataDir,
        DATABASE_URL: `sqlite:${resolve(dataDir, "replayd.db")}`,
        TWITCH_SIMULATOR_URL: sim.url,
        SERVER_MODE: "direct",
        // No PUBLIC_BASE_URL: sign-in's redirects follow the address each browser came to.
        PUBLIC_BASE_URL: "",
        WEBHOOK_CALLBACK_URL: `http://${listen.callbackHost}:${port}/api/v1/webhook/callback`,
        // Everyone here is a simulated user: any of them may sign in and look around (as a viewer).
        WHITELIST_ENABLED: "false",
      },
    });
    booted = await bootstrap(config, log, {
      authorizeUrl: `${SIMULATOR_PROXY_PATH}/oauth2/authorize`,
      browserImages: SIMULATOR_PROXY_PATH,
    });
    const { repo } = booted.services;
    await seed(repo, sim).catch(async (err) => {
      await booted.close();
      throw err;
    });
    server = await startServer(booted, { apiRoutes: [simulatorProxyRoutes(sim.url)] });
  } catch (err) {
    await sim.stop();
    throw err;
  }
  const director = new AbortController();
  const programme = runProgramme(sim, director.signal, log.child({ module: "demo" }));
  const announced = announceFirstRecording({
    repo: booted.services.repo,
    origin: addresses.local,
    signal: director.signal,
    log: log.child({ module: "demo" }),
    write: (text) => process.stdout.write(text),
  });
  const elsewhere = addresses.remote.length
    ? `From another machine: ${addresses.remote.join(" or ")}.\n`
    : "";
  process.stdout.write(
    `\nreplayd demo is running: open ${addresses.local} and sign in with Twitch (simulated, one click).\n` +
      elsewhere +
      `Simulated channels go live on a loop; recordings land in ${dataDir}. Ctrl-C stops it.\n\n`,
  );
  return untilStopped(log, async () => {
    director.abort();
    await Promise.all([programme, announced]);
    await server.stop();
    await sim.stop();
  });
}

/** The demo user owns the install and follows the simulated channels, each with a schedule. */
async function seed(repo: Repository, sim: RunningSimulator): Promise<void> {
  const state = (await (await fetch(`${sim.url}/sim/state`)).json()) as {
    users: { id: string; login: string; display_name: string }[];
  };
  const byLogin = new Map(state.users.map((u) => [u.login, u]));
  const viewer = byLogin.get(FIXTURE_VIEWER);
  if (!viewer) throw new Error("the simulator has no demo viewer");
  await repo.users.upsertOnSignIn({
    id: viewer.id,
    login: viewer.login,
    display_name: viewer.display_name,
  });
  await repo.users.setRole(viewer.id, "owner");
  for (const channel of FIXTURE_CHANNELS) {
    const user = byLogin.get(channel.login);
    if (!user) continue;
    await repo.channels.upsert({
      broadcaster_id: user.id,
      broadcaster_login: user.login,
      broadcaster_name: user.display_name,
    });
    if (!PROGRAMME.some((slot) => slot.login === channel.login)) continue;
    const existing = await repo.schedules.list({ limit: 100, offset: 0, requestedBy: viewer.id });
    if (existing.data.some((s) => s.broadcaster_id === user.id)) continue;
    await repo.schedules.create({
      broadcaster_id: user.id,
      requested_by: viewer.id,
      quality: "720p",
      recording_type: channel.login === "night_owl_music" ? "audio" : "video",
      force_h264: false,
      has_min_viewers: false,
      min_viewers: null,
      has_categories: false,
      category_ids: [],
      has_tags: false,
      tag_ids: [],
      is_delete_rediff: false,
      time_before_delete: null,
      is_disabled: false,
      record_chat: true,
    });
  }
}

/** Each channel of the programme goes live and offline on its own loop until `signal`. */
async function runProgramme(sim: RunningSimulator, signal: AbortSignal, log: Logger): Promise<void> {
  const control = async (path: string, body: unknown = {}) => {
    const res = await fetch(`${sim.url}/sim${path}`, { method: "POST", body: JSON.stringify(body) });
    if (!res.ok) log.warn({ path, status: res.status }, "the simulator refused a demo step");
  };
  await Promise.all(
    PROGRAMME.map(async ({ login, startAfter, liveSeconds, offlineSeconds, adAfter }) => {
      try {
        await sleep(startAfter * 1000, signal);
        while (!signal.aborted) {
          await control(`/channels/${login}/live`, {
            ladder: ["720p30", "480p30", "360p30", "audio_only"],
            bitrate_kbps: 1500,
          });
          if (adAfter !== undefined) {
            await sleep(adAfter * 1000, signal);
            await control(`/channels/${login}/ad`, { seconds: 30, roll: "midroll" });
            await sleep((liveSeconds - adAfter) * 1000, signal);
          } else {
            await sleep(liveSeconds * 1000, signal);
          }
          await control(`/channels/${login}/offline`, { end: "endlist" });
          await sleep(offlineSeconds * 1000, signal);
        }
      } catch (err) {
        if (!signal.aborted)
          log.warn({ err: (err as Error).message, channel: login }, "demo programme stopped");
      }
      // Leave the simulator tidy (it may already be offline: then it refuses, which is fine).
      await fetch(`${sim.url}/sim/channels/${login}/offline`, { method: "POST", body: "{}" }).catch(() => {});
    }),
  );
}
