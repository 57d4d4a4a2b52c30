import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VERSION } from "../../src/version.ts";
import { freePort } from "../support/ports.ts";
import { runToExit, type ServerProcess, spawnServer } from "../support/server-process.ts";

// The server run from source, as `npm start` does, in a folder of its own.
const MAIN = join(import.meta.dir, "..", "..", "src", "main.ts");
const replayd = [process.execPath, MAIN];
const started: ServerProcess[] = [];
/** A Twitch application's settings (the values are never sent anywhere here). */
const TWITCH_APP = { TWITCH_CLIENT_ID: "e2e-client-id", TWITCH_CLIENT_SECRET: "e2e-client-secret" };

function emptyFolder(): string {
  return mkdtempSync(join(tmpdir(), "replayd-e2e-"));
}

afterEach(() => {
  for (const server of started.splice(0)) server.proc.kill("SIGKILL");
});

describe("replayd serve (from source)", () => {
  test.each(["SIGTERM", "SIGINT"] as const)(
    "serves health on SQLite and exits 0 soon after %s",
    async (signal) => {
      const cwd = emptyFolder();
      const server = await spawnServer({ cmd: replayd, cwd, env: { PORT: "0", ...TWITCH_APP } });
      started.push(server);
      const res = await fetch(`${server.url}/api/v1/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: "ok", version: VERSION, database: "ok", reasons: [] });
      expect(await Bun.file(join(cwd, "data", "replayd.db")).exists()).toBe(true);

      const { code, ms } = await server.stop(signal);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(10_000);
    },
  );

  test("replayd healthcheck: 0 while the server on PORT answers healthy, 1 once nothing listens", async () => {
    const cwd = emptyFolder();
    const port = String(freePort());
    const server = await spawnServer({ cmd: replayd, cwd, env: { PORT: port, ...TWITCH_APP } });
    started.push(server);
    const healthy = await runToExit([...replayd, "healthcheck"], cwd, { PORT: port });
    // Degraded when this machine lacks something (ffmpeg…): it runs, and says what.
    expect(healthy).toMatchObject({ code: 0, stdout: expect.stringMatching(/^(ok|degraded)/) });
    await server.stop("SIGTERM");
    const gone = await runToExit([...replayd, "healthcheck"], cwd, { PORT: port });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`unhealthy: http://127.0.0.1:${port}/api/v1/health: nothing answers`);
  });

  test("what it creates is not for other users: the database and the session secret 0600, folders 0750", async () => {
    const cwd = emptyFolder();
    const server = await spawnServer({ cmd: replayd, cwd, env: { PORT: "0" } });
    started.push(server);
    const mode = (path: string) => (statSync(join(cwd, "data", path)).mode & 0o777).toString(8);
    expect(mode("replayd.db")).toBe("600");
    expect(mode("replayd.db-wal")).toBe("600");
    expect(mode("session_secret")).toBe("600");
    expect(mode(".")).toBe("750");
    expect(server.lines.join("\n")).toContain("a copy of the data folder can decrypt the Twitch tokens");
    await server.stop("SIGTERM");
  });

  test("LOG_TO_FILE also writes the log, as JSON lines, to DATA_DIR/logs/replayd.log (0640)", async () => {
    const cwd = emptyFolder();
    const server = await spawnServer({ cmd: replayd, cwd, env: { PORT: "0", LOG_TO_FILE: "true" } });
    started.push(server);
    await server.stop("SIGTERM");
    const file = join(cwd, "data", "logs", "replayd.log");
    const lines = (await Bun.file(file).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.msg)).toContain(
      server.lines.map((l) => JSON.parse(l).msg).find((m) => m.startsWith("replayd is ready")),
    );
    expect((statSync(file).mode & 0o777).toString(8)).toBe("640");
  });

  test("LOG_FILE names the file, and it rotates by size (LOG_FILE_MAX_MB, LOG_FILE_KEEP)", async () => {
    const cwd = emptyFolder();
    // A file from before, already at the limit: the new start's first line rotates it.
    mkdirSync(join(cwd, "var"));
    writeFileSync(join(cwd, "var", "replayd.log"), `${"x".repeat(1024 * 1024)}\n`);
    const server = await spawnServer({
      cmd: replayd,
      cwd,
      env: { PORT: "0", LOG_FILE: "var/replayd.log", LOG_FILE_MAX_MB: "1", LOG_FILE_KEEP: "1" },
    });
    started.push(server);
    await server.stop("SIGTERM");
    expect(readdirSync(join(cwd, "var")).sort()).toEqual(["replayd.log", "replayd.log.1"]);
    expect(await Bun.file(join(cwd, "var", "replayd.log")).text()).toContain("replayd is ready");
    expect((await Bun.file(join(cwd, "var", "replayd.log.1")).text()).startsWith("xxx")).toBe(true);
  });

  test("logs the effective config once at debug level, with secrets redacted", async () => {
    const server = await spawnServer({
      cmd: replayd,
      cwd: emptyFolder(),
      env: {
        PORT: "0",
        LOG_LEVEL: "debug",
        TWITCH_CLIENT_SECRET: "very-secret-value",
        SESSION_SECRET: "z".repeat(40),
      },
    });
    started.push(server);
    await server.stop();
    const all = server.lines.join("\n");
    expect(all).not.toContain("very-secret-value");
    expect(all).not.toContain("z".repeat(40));
    expect(server.lines.filter((l) => l.includes('"config":'))).toHaveLength(1);
  });

  test.each([
    ["PORT=abc", { PORT: "abc" }, {}, /PORT/],
    ["SERVER_MODE=bogus", { SERVER_MODE: "bogus" }, {}, /SERVER_MODE.*off, poll, direct, relay/],
    [
      "a malformed config.toml",
      {},
      { "config.toml": "[server\nport = 1\n" },
      /config\.toml: not valid TOML at line 1/,
    ],
    ["an unknown DATABASE_URL scheme", { DATABASE_URL: "mysql://db/x" }, {}, /DATABASE_URL/],
    [
      "DATA_DIR=/proc/nope",
      { DATA_DIR: "/proc/nope" },
      {},
      /^replayd: DATA_DIR \/proc\/nope cannot be created \(ENOENT: no such file or directory\): set DATA_DIR to a folder replayd can write to$/,
    ],
    [
      "LOG_FILE in a folder that cannot be made",
      { LOG_FILE: "/proc/nope/replayd.log" },
      {},
      /^replayd: LOG_FILE \/proc\/nope\/replayd\.log cannot be written \(.*\): set LOG_FILE to a file in a folder replayd can write to, or leave it empty$/,
    ],
    [
      "LOG_DIR=/proc/nope with LOG_TO_FILE",
      { LOG_TO_FILE: "true", LOG_DIR: "/proc/nope" },
      {},
      /^replayd: LOG_DIR \/proc\/nope cannot be written \(.*\): set LOG_DIR to a folder replayd can write to, or LOG_TO_FILE=false$/,
    ],
    [
      "a DATA_DIR that is a file",
      { DATA_DIR: "a-file" },
      { "a-file": "" },
      /^replayd: DATA_DIR \/.*\/a-file cannot be created \(EEXIST: file already exists\): set DATA_DIR/,
    ],
  ])("%s stops the start with one clear line", async (_name, env, files, pattern) => {
    const cwd = emptyFolder();
    for (const [file, text] of Object.entries(files)) writeFileSync(join(cwd, file), text);
    const { code, stdout, stderr } = await runToExit(replayd, cwd, env as Record<string, string>);
    expect(code).not.toBe(0);
    expect(stdout).toBe("");
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^replayd: /);
    expect(lines[0]).toMatch(pattern);
  });

  test("a port already in use is one clear line", async () => {
    const busy = Bun.serve({ port: 0, hostname: "0.0.0.0", fetch: () => new Response() });
    try {
      const { code, stderr } = await runToExit(replayd, emptyFolder(), { PORT: String(busy.port) });
      expect(code).not.toBe(0);
      expect(stderr.trim()).toMatch(
        new RegExp(`^replayd: port ${busy.port} .* is in use: set PORT to a free port$`),
      );
    } finally {
      busy.stop(true);
    }
  });

  test("a .env in the working folder is read, and the real environment wins over it", async () => {
    const cwd = emptyFolder();
    writeFileSync(join(cwd, ".env"), "DATA_DIR=from-dotenv\nLOG_LEVEL=debug\nPORT=1\n");
    const server = await spawnServer({ cmd: replayd, cwd, env: { PORT: "0" } });
    started.push(server);
    expect(await Bun.file(join(cwd, "from-dotenv", "replayd.db")).exists()).toBe(true);
    expect(server.lines.some((l) => l.includes('"level":"debug"'))).toBe(true);
    await server.stop();
  });
});

describe("replayd commands", () => {
  test("migrate applies pending migrations once and exits 0", async () => {
    const cwd = emptyFolder();
    const first = await runToExit([...replayd, "migrate"], cwd, {});
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("migrations applied");
    const second = await runToExit([...replayd, "migrate"], cwd, {});
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("nothing to migrate");
  });

  test.each([["version"], ["--version"], ["-v"]])("%s prints the version", async (arg) => {
    const { code, stdout } = await runToExit([...replayd, arg], emptyFolder(), {});
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(`replayd ${VERSION}`);
  });

  test.each([["--help"], ["help"]])("%s lists the commands", async (arg) => {
    const { code, stdout } = await runToExit([...replayd, arg], emptyFolder(), {});
    expect(code).toBe(0);
    for (const word of ["serve", "migrate", "version", "DATABASE_URL"]) expect(stdout).toContain(word);
  });

  test("an unknown command exits 2 and points at --help", async () => {
    const { code, stderr } = await runToExit([...replayd, "frobnicate"], emptyFolder(), {});
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "frobnicate"');
  });
});
