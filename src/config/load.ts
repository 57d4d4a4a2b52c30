import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { z } from "zod";
import { type Config, configSchema, ENV_KEYS, SECRET_KEYS } from "./schema.ts";

/** A setting is wrong: the message is one line that names it and says what is expected. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface ResolvedConfig extends Config {
  /** The config.toml that was read, if any. */
  config_file: string | null;
}

export interface LoadOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
}

type Raw = Record<string, unknown>;

/**
 * Builds the effective configuration: defaults < config.toml < environment (which includes a `.env` in
 * the working folder: Bun loads it before our code runs, and real environment variables win over it).
 */
export function loadConfig(options: LoadOptions = {}): ResolvedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const configFile = findConfigFile(env, cwd);

  const raw: Raw = configFile ? readToml(configFile) : {};
  // Where each key came from, so an error can name what the user actually wrote.
  const origin = new Map<string, string>();
  for (const [section, value] of Object.entries(raw)) {
    if (isTable(value)) {
      for (const key of Object.keys(value))
        origin.set(`${section}.${key}`, `[${section}] ${key} in ${configFile}`);
    }
    origin.set(section, `${section} in ${configFile}`);
  }

  for (const [name, path] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value === undefined || value.trim() === "") continue;
    setPath(raw, path, value.trim());
    origin.set(path.join("."), name);
  }

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(describeIssue(parsed.error.issues[0], raw, origin, configFile));

  const config = parsed.data;
  config.data_dir = resolve(cwd, config.data_dir);
  config.database.url = resolveDatabaseUrl(config.database.url, config.data_dir, cwd, origin);
  return { ...config, config_file: configFile };
}

function findConfigFile(env: Record<string, string | undefined>, cwd: string): string | null {
  const explicit = env.CONFIG_FILE?.trim();
  if (explicit) {
    const file = resolve(cwd, explicit);
    if (!existsSync(file))
      throw new ConfigError(`CONFIG_FILE: ${file} does not exist; fix the path or unset it`);
    return file;
  }
  const fallback = resolve(cwd, "config.toml");
  return existsSync(fallback) ? fallback : null;
}

function readToml(file: string): Raw {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(`${file}: cannot be read (${(err as Error).message})`);
  }
  try {
    const parsed = Bun.TOML.parse(text);
    return isTable(parsed) ? parsed : {};
  } catch (err) {
    const reason = (err as Error).message.replace(/^TOML Parse error:\s*/, "");
    const line = errorLine(text, (err as Error).message);
    throw new ConfigError(`${file}: not valid TOML${line ? ` at line ${line}` : ""}: ${reason}`);
  }
}

/**
 * Bun's TOML parser does not report where it failed, so find the first line at which a prefix of the file
 * fails with the same error. Config files are short; this runs only when the start is refused anyway.
 */
function errorLine(text: string, message: string): number | undefined {
  const lines = text.split("\n");
  for (let n = 1; n <= lines.length; n++) {
    try {
      Bun.TOML.parse(`${lines.slice(0, n).join("\n")}\n`);
    } catch (err) {
      if ((err as Error).message === message) return n;
    }
  }
  return undefined;
}

function resolveDatabaseUrl(url: string, dataDir: string, cwd: string, origin: Map<string, string>): string {
  if (url === "") return `sqlite:${resolve(dataDir, "replayd.db")}`;
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return url;
  if (url.startsWith("sqlite:")) {
    const file = url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    if (file === "") throw new ConfigError(`${label("database.url", origin)}: expected a file after sqlite:`);
    if (file === ":memory:") return url;
    return `sqlite:${isAbsolute(file) ? file : resolve(cwd, file)}`;
  }
  throw new ConfigError(
    `${label("database.url", origin)}: expected sqlite:PATH or postgres://user:pass@host:port/db, got "${redactUrl(url)}"`,
  );
}

function describeIssue(
  issue: z.core.$ZodIssue | undefined,
  raw: Raw,
  origin: Map<string, string>,
  configFile: string | null,
): string {
  if (!issue) return "invalid configuration";
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    const where = path.length ? `[${path.join(".")}] ` : "";
    const keys = issue.keys.join(", ");
    return `unknown setting ${where}${keys} in ${configFile ?? "config.toml"}: remove it or check its spelling (replayd config example lists every setting)`;
  }
  const key = path.join(".");
  const value = getPath(raw, path);
  const got = value === undefined || SECRET_KEYS.has(key) ? "" : `, got ${JSON.stringify(value)}`;
  return `invalid setting ${label(key, origin)}: ${issue.message}${got}`;
}

function label(key: string, origin: Map<string, string>): string {
  const envName = Object.entries(ENV_KEYS).find(([, p]) => p.join(".") === key)?.[0];
  return origin.get(key) ?? (envName ? `${envName} (${key})` : key);
}

/** Hides the password of a connection URL. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, "//$1:REDACTED@");
}

function isTable(v: unknown): v is Raw {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function setPath(obj: Raw, path: readonly string[], value: unknown): void {
  let node = obj;
  for (const key of path.slice(0, -1)) {
    if (!isTable(node[key])) node[key] = {};
    node = node[key] as Raw;
  }
  node[path[path.length - 1] as string] = value;
}

function getPath(obj: unknown, path: readonly string[]): unknown {
  let node = obj;
  for (const key of path) node = isTable(node) ? node[key] : undefined;
  return node;
}
