import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/index.ts";
import { runToExit, type ServerProcess, spawnServer } from "../support/server-process.ts";
import { until } from "../support/until.ts";

// A new user's first `npm start`: the server from source in an empty folder, with nothing configured.
const ROOT = join(import.meta.dir, "..", "..");
const MAIN = join(ROOT, "src", "main.ts");
const replayd = [process.execPath, MAIN];
const started: ServerProcess[] = [];
const TWITCH_APP = { TWITCH_CLIENT_ID: "e2e-client-id", TWITCH_CLIENT_SECRET: "e2e-client-secret" };

afterEach(() => {
  for (const server of started.splice(0)) server.proc.kill("SIGKILL");
});

function emptyFolder(): string {
  return mkdtempSync(join(tmpdir(), "replayd-first-run-"));
}

async function serve(env: Record<string, string>): Promise<ServerProcess> {
  const server = await spawnServer({ cmd: replayd, cwd: emptyFolder(), env: { PORT: "0", ...env } });
  started.push(server);
  return server;
}

const MISSING =
  "no Twitch application: set TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET (README, Sign-in); until then nobody can sign in";

describe("first run without a Twitch application", () => {
  test("the log says what is missing, health names it, and sign-in explains instead of going to Twitch", async () => {
    const server = await serve({});
    const port = new URL(server.url).port;

    const warning = await until("the missing application in the log", async () =>
      server.lines.find((l) => l.includes("no Twitch application")),
    );
    const { level, msg } = JSON.parse(warning) as { level: string; msg: string };
    expect(level).toBe("warn");
    expect(msg).toContain("set TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET");
    expect(msg).toContain(`OAuth Redirect URL http://localhost:${port}/api/v1/auth/twitch/callback`);
    expect(msg).toContain("replayd demo");

    const health = await fetch(`${server.url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: "degraded",
      checks: { twitch: { ok: false, message: MISSING } },
      reasons: [MISSING],
    });

    const signIn = await fetch(`${server.url}/api/v1/auth/twitch`, { redirect: "manual" });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toBe("/login?error=twitch_app_missing");
    expect(signIn.headers.getSetCookie()).toEqual([]);
  });

  test("with one, health is ok and sign-in goes to Twitch with its client id", async () => {
    const server = await serve(TWITCH_APP);
    expect(server.lines.some((l) => l.includes("no Twitch application"))).toBe(false);
    const health = (await (await fetch(`${server.url}/api/v1/health`)).json()) as {
      checks: Record<string, unknown>;
      reasons: string[];
    };
    expect(health.checks.twitch).toEqual({ ok: true });
    expect(health.reasons).toEqual([]);
    // Only the redirect is read: nothing here reaches Twitch.
    const signIn = await fetch(`${server.url}/api/v1/auth/twitch`, { redirect: "manual" });
    const to = new URL(signIn.headers.get("location") ?? "");
    expect(`${to.origin}${to.pathname}`).toBe("https://id.twitch.tv/oauth2/authorize");
    expect(to.searchParams.get("client_id")).toBe("e2e-client-id");
  });
});

/** Runs the server with readable (pretty) logs until it says it is ready; its output, colours removed. */
async function prettyStart(env: Record<string, string>): Promise<string[]> {
  const proc = Bun.spawn(replayd, {
    cwd: emptyFolder(),
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      PORT: "0",
      LOG_FORMAT: "pretty",
      ...env,
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  let text = "";
  try {
    const decoder = new TextDecoder();
    for await (const chunk of proc.stdout) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: pino-pretty's colours are escape sequences
      text += decoder.decode(chunk, { stream: true }).replace(/\x1b\[[0-9;]*m/g, "");
      // The ready entry's last field (`listen`) ends what the start printed.
      if (/replayd is ready.*\n(?:.*\n)*?\s+listen: .*\n/.test(text)) break;
    }
  } finally {
    proc.kill("SIGKILL");
    await proc.exited;
  }
  return text.trimEnd().split("\n");
}

describe("the boot log", () => {
  test("on a terminal: a short summary and an address to click, the full config only at debug", async () => {
    const lines = await prettyStart(TWITCH_APP);
    const all = lines.join("\n");
    const ready = lines.find((l) => l.includes("replayd is ready")) ?? "";
    expect(ready).toMatch(/replayd is ready on http:\/\/localhost:\d+$/);
    expect(all).not.toContain("http://0.0.0.0");
    expect(all).toContain('storage: "local"');
    for (const setting of ["pool_size", "s3_secret_access_key", "shutdown_timeout_seconds"])
      expect(all).not.toContain(setting);
    // A first start: the summary, migrations, the generated session secret, the live-detection choice, ready.
    expect(lines.at(-1)).toContain("listen:");
    expect(lines.length).toBeLessThanOrEqual(16);
    console.log(`first-run boot log: ${lines.length} lines on a terminal`);

    const debug = (await prettyStart({ ...TWITCH_APP, LOG_LEVEL: "debug" })).join("\n");
    for (const setting of ["pool_size", "s3_secret_access_key", "shutdown_timeout_seconds"])
      expect(debug).toContain(setting);
  });

  test.each([
    ["0.0.0.0", /"url":"http:\/\/localhost:\d+"/],
    ["127.0.0.1", /"url":"http:\/\/127\.0\.0\.1:\d+"/],
  ])("bound to %s: the ready line's url is the address to open", async (host, url) => {
    const server = await serve({ ...TWITCH_APP, HOST: host });
    const ready = server.lines.find((l) => l.includes("replayd is ready")) ?? "";
    expect(ready).toMatch(url);
    expect(JSON.parse(ready).listen).toBe(`${host}:${new URL(server.url).port}`);
  });
});

describe("replayd config example", () => {
  test("prints the shipped example, which loads as every default", async () => {
    const cwd = emptyFolder();
    const { code, stdout, stderr } = await runToExit([...replayd, "config", "example"], cwd, {});
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toBe(await Bun.file(join(ROOT, "config.example.toml")).text());
    writeFileSync(join(cwd, "config.toml"), stdout);
    const { config_file, ...fromExample } = loadConfig({ env: {}, cwd });
    expect(config_file).toBe(join(cwd, "config.toml"));
    const { config_file: _none, ...defaults } = loadConfig({ env: {}, cwd: emptyFolder() });
    expect({ ...fromExample, data_dir: "", database: {} }).toEqual({
      ...defaults,
      data_dir: "",
      database: {},
    });
    expect(fromExample.data_dir).toBe(join(cwd, "data"));
  });

  test.each([
    [[], 2, "Usage: replayd config <command>"],
    [["--help"], 0, "example"],
    [["nonsense"], 2, 'unknown command "nonsense"'],
  ])("replayd config %p exits %d", async (args, exitCode, says) => {
    const { code, stdout, stderr } = await runToExit([...replayd, "config", ...args], emptyFolder(), {});
    expect(code).toBe(exitCode);
    expect(stdout + stderr).toContain(says);
  });
});
