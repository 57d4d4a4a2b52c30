#!/usr/bin/env bun
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { startServer } from "./app.ts";
import { bootstrap } from "./boot/bootstrap.ts";
import { runConfigCommand } from "./commands/config.ts";
import { runDemoCommand } from "./commands/demo.ts";
import { runHealthcheck } from "./commands/healthcheck.ts";
import { runRecordCommand } from "./commands/record.ts";
import {
  ConfigError,
  fsReason,
  loadConfig,
  logFile,
  logRotation,
  type ResolvedConfig,
} from "./config/index.ts";
import { openDatabase } from "./db/connection.ts";
import { migrate } from "./db/migrate.ts";
import { untilStopped } from "./lib/shutdown.ts";
import { createLogger, type Logger } from "./log/logger.ts";
import { runSimCommand } from "./sim/cli.ts";
import { VERSION } from "./version.ts";

const HELP = `replayd ${VERSION}: records Twitch live streams to your own disk or S3 bucket.

Usage: replayd [command] [options]

Commands:
  serve        run the server (default)
  migrate      apply pending database migrations, then exit
  record       record one channel now, without the server (replayd record --help)
  sim          run the Twitch simulator alone (replayd sim --help)
  demo         the server and the simulator together, channels going live on a loop (replayd demo --help)
  config       \`replayd config example\` prints an example config.toml, every setting at its default
  healthcheck  exit 0 when the server on this machine answers healthy (for container health checks)
  version      print the version
  help         show this help

Options:
  -h, --help       show this help
  -v, --version    print the version

Configuration comes from config.toml (or CONFIG_FILE), the environment and a .env file in the
working folder. \`replayd config example > config.toml\` writes one to start from, every setting at its
default with the variable that overrides it; the main variables are PORT, DATA_DIR and DATABASE_URL.
Signing in needs a Twitch application: TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET.
`;

// Exit codes: 0 fine, 1 failure at run time, 2 wrong command line, 78 configuration (sysexits EX_CONFIG).
async function main(argv: string[]): Promise<number> {
  // What replayd creates is not for other users of the machine: media 0640, folders 0750 (the database
  // and the session secret are made 0600 where they are created).
  process.umask(0o027);
  const { values, positionals } = parseArgs({
    args: argv,
    options: { help: { type: "boolean", short: "h" }, version: { type: "boolean", short: "v" } },
    allowPositionals: true,
    strict: false,
  });
  // A subcommand owns its own options (`replayd sim --help` is the simulator's help).
  const named = positionals[0];
  const command =
    named === "sim" || named === "record" || named === "demo" || named === "config"
      ? named
      : values.help
        ? "help"
        : values.version
          ? "version"
          : (named ?? "serve");

  switch (command) {
    case "help":
      process.stdout.write(HELP);
      return 0;
    case "version":
      process.stdout.write(`replayd ${VERSION}\n`);
      return 0;
    case "serve":
      return serve();
    case "healthcheck":
      return runHealthcheck(loadConfig(), {
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
      });
    case "migrate":
      return runMigrate();
    case "sim":
      return runSimCommand(argv.slice(argv.indexOf("sim") + 1));
    case "demo":
      return runDemoCommand(argv.slice(argv.indexOf("demo") + 1));
    case "config":
      return runConfigCommand(argv.slice(argv.indexOf("config") + 1), {
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
      });
    case "record": {
      const { config, log } = setup();
      return runRecordCommand(argv.slice(argv.indexOf("record") + 1), config, log);
    }
    default:
      process.stderr.write(`replayd: unknown command "${command}"; run replayd --help\n`);
      return 2;
  }
}

function setup(): { config: ResolvedConfig; log: Logger } {
  const config = loadConfig();
  const file = logFile(config);
  try {
    const log = createLogger({
      level: config.log.level,
      format: config.log.format,
      file,
      rotation: logRotation(config),
    });
    return { config, log };
  } catch (err) {
    throw new ConfigError(
      config.log.file
        ? `LOG_FILE ${file} cannot be written (${fsReason(err)}): set LOG_FILE to a file in a folder replayd can write to, or leave it empty`
        : `LOG_DIR ${dirname(file ?? "")} cannot be written (${fsReason(err)}): set LOG_DIR to a folder replayd can write to, or LOG_TO_FILE=false`,
    );
  }
}

async function serve(): Promise<number> {
  const { config, log } = setup();
  const server = await startServer(await bootstrap(config, log));
  return untilStopped(log, () => server.stop());
}

async function runMigrate(): Promise<number> {
  const { config, log } = setup();
  const db = await openDatabase(config.database.url, { poolSize: 1 });
  try {
    const { applied, current } = await migrate(db);
    log.info(
      { applied, schema_version: current, database: db.displayUrl },
      applied.length ? "migrations applied" : "nothing to migrate",
    );
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    // Errors a user can fix are one line; anything else keeps its stack for a bug report.
    const known = ["ConfigError", "MigrationError", "DatabaseError", "StartupError"];
    process.stderr.write(
      known.includes(err.name) ? `replayd: ${err.message}\n` : `replayd: ${err.stack ?? err}\n`,
    );
    process.exit(err instanceof ConfigError ? 78 : 1);
  },
);
