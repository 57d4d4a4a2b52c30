import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig } from "./load.ts";
import { configSummary, redactConfig } from "./redact.ts";

const ROOT = join(import.meta.dir, "..", "..");

function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "replayd-config-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function load(env: Record<string, string> = {}, files: Record<string, string> = {}) {
  const cwd = folder(files);
  return { cwd, config: loadConfig({ env, cwd }) };
}

function errorOf(env: Record<string, string>, files: Record<string, string> = {}): string {
  try {
    loadConfig({ env, cwd: folder(files) });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  test("with nothing set, uses the documented defaults and SQLite under ./data", () => {
    const { cwd, config } = load();
    expect(config.server.port).toBe(8080);
    expect(config.server.host).toBe("0.0.0.0");
    expect(config.data_dir).toBe(join(cwd, "data"));
    expect(config.database.url).toBe(`sqlite:${join(cwd, "data", "replayd.db")}`);
    expect(config.live.mode).toBe("");
    expect(config.config_file).toBeNull();
  });

  test("config.example.toml sets every setting, each to its default", async () => {
    const cwd = folder();
    const fromExample = loadConfig({ env: { CONFIG_FILE: join(ROOT, "config.example.toml") }, cwd });
    const defaults = loadConfig({ env: {}, cwd });
    const { config_file: _example, ...exampleValues } = fromExample;
    const { config_file: _none, ...defaultValues } = defaults;
    expect(exampleValues).toEqual(defaultValues);
    const text = await Bun.file(join(ROOT, "config.example.toml")).text();
    for (const [section, value] of Object.entries(defaults)) {
      if (section === "config_file") continue;
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        expect(text).toContain(`[${section}]`);
        for (const key of Object.keys(value)) expect(text).toMatch(new RegExp(`^${key} = `, "m"));
      } else {
        expect(text).toMatch(new RegExp(`^${section} = `, "m"));
      }
    }
  });

  test("reads config.toml from the working folder", () => {
    const { config } = load({}, { "config.toml": '[server]\nport = 9000\n[log]\nlevel = "debug"\n' });
    expect(config.server.port).toBe(9000);
    expect(config.log.level).toBe("debug");
  });

  test("the environment wins over config.toml", () => {
    const { config } = load({ PORT: "9100" }, { "config.toml": "[server]\nport = 9000\n" });
    expect(config.server.port).toBe(9100);
  });

  test.each([
    ["WHITELIST_ENABLED", "yes", (c: ReturnType<typeof loadConfig>) => c.auth.whitelist_enabled, true],
    ["WHITELIST_ENABLED", "0", (c: ReturnType<typeof loadConfig>) => c.auth.whitelist_enabled, false],
    [
      "WHITELISTED_USER_IDS",
      "1, 22,333",
      (c: ReturnType<typeof loadConfig>) => c.auth.whitelisted_user_ids,
      ["1", "22", "333"],
    ],
    ["SERVER_MODE", "Poll", (c: ReturnType<typeof loadConfig>) => c.live.mode, "poll"],
    [
      "TRUSTED_ORIGINS",
      "https://a.example,https://b.example",
      (c: ReturnType<typeof loadConfig>) => c.server.trusted_origins,
      ["https://a.example", "https://b.example"],
    ],
    ["LOG_LEVEL", "WARN", (c: ReturnType<typeof loadConfig>) => c.log.level, "warn"],
    ["MIN_FREE_BYTES", "500MB", (c: ReturnType<typeof loadConfig>) => c.recorder.min_free_bytes, 500_000_000],
    ["MIN_FREE_BYTES", "2GiB", (c: ReturnType<typeof loadConfig>) => c.recorder.min_free_bytes, 2 ** 31],
    ["MIN_FREE_BYTES", "1.5 gb", (c: ReturnType<typeof loadConfig>) => c.recorder.min_free_bytes, 1.5e9],
    ["MIN_FREE_BYTES", "1048576", (c: ReturnType<typeof loadConfig>) => c.recorder.min_free_bytes, 2 ** 20],
    ["MIN_FREE_BYTES", "0", (c: ReturnType<typeof loadConfig>) => c.recorder.min_free_bytes, 0],
    ["MIN_FREE_PERCENT", "10", (c: ReturnType<typeof loadConfig>) => c.recorder.min_free_percent, 10],
    [
      "WEBHOOK_ALLOWED_HOSTS",
      "192.168.1.20, nas.home.arpa,10.0.0.0/8",
      (c: ReturnType<typeof loadConfig>) => c.recording_webhook.allowed_hosts,
      ["192.168.1.20", "nas.home.arpa", "10.0.0.0/8"],
    ],
  ])("%s=%p is parsed from its string form", (name, value, read, expected) => {
    expect(read(load({ [name]: value }).config) as unknown).toEqual(expected);
  });

  test("an empty environment variable counts as unset", () => {
    expect(load({ PORT: "", SERVER_MODE: "" }).config.server.port).toBe(8080);
  });

  test("relative DATA_DIR and sqlite paths resolve from the working folder", () => {
    const { cwd, config } = load({ DATA_DIR: "store", DATABASE_URL: "sqlite:db/x.db" });
    expect(config.data_dir).toBe(join(cwd, "store"));
    expect(config.database.url).toBe(`sqlite:${join(cwd, "db", "x.db")}`);
  });

  test("postgres URLs pass through", () => {
    const url = "postgres://u:p@127.0.0.1:5432/replayd";
    expect(load({ DATABASE_URL: url }).config.database.url).toBe(url);
  });

  test.each([
    [
      "PORT=abc",
      { PORT: "abc" },
      /^invalid setting PORT: expected a whole number from 0 to 65535, got "abc"$/,
    ],
    ["PORT=70000", { PORT: "70000" }, /^invalid setting PORT: .*65535/],
    [
      "HMAC_SECRET too short",
      { HMAC_SECRET: "short" },
      /^invalid setting HMAC_SECRET: expected 10 to 100 printable ASCII characters/,
    ],
    [
      "SERVER_MODE=bogus",
      { SERVER_MODE: "bogus" },
      /^invalid setting SERVER_MODE: expected one of: .*off, poll, direct, relay, got "bogus"$/,
    ],
    ["LOG_LEVEL=loud", { LOG_LEVEL: "loud" }, /^invalid setting LOG_LEVEL: expected one of: trace, debug/],
    [
      "WHITELIST_ENABLED=maybe",
      { WHITELIST_ENABLED: "maybe" },
      /^invalid setting WHITELIST_ENABLED: expected true or false/,
    ],
    [
      "PUBLIC_BASE_URL=replayd.example.com",
      { PUBLIC_BASE_URL: "replayd.example.com" },
      /^invalid setting PUBLIC_BASE_URL: expected an http/,
    ],
    [
      "OWNER_TWITCH_ID=bob",
      { OWNER_TWITCH_ID: "bob" },
      /^invalid setting OWNER_TWITCH_ID: expected a numeric Twitch user id/,
    ],
    [
      "DATABASE_URL=mysql://x",
      { DATABASE_URL: "mysql://x" },
      /^DATABASE_URL: expected sqlite:PATH or postgres:/,
    ],
    ["CONFIG_FILE=nope.toml", { CONFIG_FILE: "nope.toml" }, /^CONFIG_FILE: .*nope\.toml does not exist/],
    [
      "MIN_FREE_BYTES=2G",
      { MIN_FREE_BYTES: "2G" },
      /^invalid setting MIN_FREE_BYTES: expected a number of bytes, or a size with a unit .*"2GiB".*, got "2G"$/,
    ],
    [
      "MIN_FREE_BYTES=-1",
      { MIN_FREE_BYTES: "-1" },
      /^invalid setting MIN_FREE_BYTES: expected a number of bytes/,
    ],
    ["MIN_FREE_PERCENT=95", { MIN_FREE_PERCENT: "95" }, /^invalid setting MIN_FREE_PERCENT: .*from 0 to 90/],
    [
      "RECORDER_MAX_GAP_RATIO=1",
      { RECORDER_MAX_GAP_RATIO: "1" },
      /^invalid setting RECORDER_MAX_GAP_RATIO: expected a fraction from 0 up to \(not including\) 1, such as 0\.01 for 1%, got "1"$/,
    ],
    [
      "RECORDER_MAX_GAP_RATIO=2%",
      { RECORDER_MAX_GAP_RATIO: "2%" },
      /^invalid setting RECORDER_MAX_GAP_RATIO: expected a fraction/,
    ],
    [
      "RECORDER_STRICT_GAPS=sure",
      { RECORDER_STRICT_GAPS: "sure" },
      /^invalid setting RECORDER_STRICT_GAPS: expected true or false/,
    ],
    [
      "WEBHOOK_ALLOWED_HOSTS=10.0.0.0/33",
      { WEBHOOK_ALLOWED_HOSTS: "nas.home.arpa,10.0.0.0/33" },
      /^invalid setting WEBHOOK_ALLOWED_HOSTS: "10\.0\.0\.0\/33" is not a CIDR range: write it like 10\.0\.0\.0\/8/,
    ],
    [
      "WEBHOOK_ALLOWED_HOSTS=*.lan",
      { WEBHOOK_ALLOWED_HOSTS: "*.lan" },
      /^invalid setting WEBHOOK_ALLOWED_HOSTS: "\*\.lan" is a wildcard: list each host name/,
    ],
  ] as [string, Record<string, string>, RegExp][])(
    "%s is refused with one line naming the setting",
    (_name, env, message) => {
      const text = errorOf(env);
      expect(text).toMatch(message);
      expect(text).not.toContain("\n");
    },
  );

  test("a short SESSION_SECRET is refused without echoing it", () => {
    const text = errorOf({ SESSION_SECRET: "hunter2" });
    expect(text).toMatch(/^invalid setting SESSION_SECRET: expected at least 32 characters/);
    expect(text).not.toContain("hunter2");
  });

  test("malformed config.toml names the file and the line", () => {
    const text = errorOf({}, { "config.toml": '[server]\nport = 8080\nhost = "unterminated\n' });
    expect(text).toMatch(/config\.toml: not valid TOML at line 3: /);
    expect(text).not.toContain("\n");
  });

  test("min_free_bytes in config.toml takes a number of bytes or a size string", () => {
    const read = (line: string) =>
      load({}, { "config.toml": `[recorder]\n${line}\n` }).config.recorder.min_free_bytes;
    expect(read("min_free_bytes = 3000000000")).toBe(3e9);
    expect(read('min_free_bytes = "750 MiB"')).toBe(750 * 2 ** 20);
    expect(errorOf({}, { "config.toml": '[recorder]\nmin_free_bytes = "lots"\n' })).toMatch(
      /^invalid setting \[recorder\] min_free_bytes in .*config\.toml: expected a number of bytes/,
    );
  });

  test("the gap policy comes from config.toml or the environment", () => {
    expect(load().config.recorder).toMatchObject({ max_gap_ratio: 0.01, strict_gaps: false });
    const toml = { "config.toml": "[recorder]\nmax_gap_ratio = 0.05\nstrict_gaps = true\n" };
    expect(load({}, toml).config.recorder).toMatchObject({ max_gap_ratio: 0.05, strict_gaps: true });
    expect(
      load({ RECORDER_MAX_GAP_RATIO: "0.002", RECORDER_STRICT_GAPS: "false" }, toml).config.recorder,
    ).toMatchObject({ max_gap_ratio: 0.002, strict_gaps: false });
    expect(load({ RECORDER_MAX_GAP_RATIO: "0" }).config.recorder.max_gap_ratio).toBe(0);
  });

  test("a wrong value in config.toml names the section and key", () => {
    expect(errorOf({}, { "config.toml": '[server]\nport = "eighty"\n' })).toMatch(
      /^invalid setting \[server\] port in .*config\.toml: expected a whole number/,
    );
  });

  test("an unknown key in config.toml is refused, so typos do not go unnoticed", () => {
    expect(errorOf({}, { "config.toml": "[server]\nprot = 1\n" })).toMatch(
      /^unknown setting \[server\] prot in .*config\.toml: remove it or check its spelling/,
    );
  });
});

describe("redactConfig", () => {
  test("hides secrets, database passwords and relay tokens", () => {
    const { config } = load({
      TWITCH_CLIENT_SECRET: "client-secret-value",
      SESSION_SECRET: "s".repeat(40),
      DATABASE_URL: "postgres://replayd:pg-password@db:5432/replayd",
      SERVER_MODE: "relay",
      RELAY_INGEST_URL: "https://relay.example.workers.dev/u/relay-token-value",
      RELAY_SUBSCRIBE_KEY: "subscribe-key-value",
      HMAC_SECRET: "hmac-secret-value",
    });
    const text = JSON.stringify(redactConfig(config));
    for (const secret of [
      "client-secret-value",
      "s".repeat(40),
      "pg-password",
      "relay-token-value",
      "subscribe-key-value",
      "hmac-secret-value",
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("postgres://replayd:REDACTED@db:5432/replayd");
    expect(text).toContain("/u/REDACTED");
  });

  test("leaves unset secrets empty, so the log shows they are missing", () => {
    expect(redactConfig(load().config)).toMatchObject({ twitch: { client_secret: "" } });
  });
});

describe("configSummary", () => {
  test.each([
    [
      "nothing set: SQLite and local storage under ./data",
      {},
      (cwd: string) => ({
        config_file: "none",
        data_dir: join(cwd, "data"),
        database: `sqlite:${join(cwd, "data", "replayd.db")}`,
        storage: "local",
      }),
      "",
    ],
    [
      "Postgres (password hidden) and a bucket",
      {
        DATABASE_URL: "postgres://replayd:pg-password@db:5432/replayd",
        S3_SECRET_ACCESS_KEY: "s3-secret-value",
      },
      (cwd: string) => ({
        config_file: join(cwd, "config.toml"),
        data_dir: join(cwd, "data"),
        database: "postgres://replayd:REDACTED@db:5432/replayd",
        storage: "s3 bucket recordings at https://s3.example.com",
      }),
      '[storage]\ntype = "s3"\ns3_bucket = "recordings"\ns3_endpoint = "https://s3.example.com"\n',
    ],
  ] as [string, Record<string, string>, (cwd: string) => Record<string, string>, string][])(
    "%s",
    (_what, env, expected, toml) => {
      const { cwd, config } = load(env, toml ? { "config.toml": toml } : {});
      const summary = configSummary(config);
      expect(summary).toEqual(expected(cwd));
      expect(JSON.stringify(summary)).not.toContain("secret-value");
    },
  );
});
