import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/connection.ts";
import { createRepository } from "../../src/db/repository.ts";
import { spawnServer } from "./server-process.ts";

/**
 * A browser's part of signing in, without a browser: a cookie jar and `redirect: "manual"` requests, as a
 * curl script with `-c/-b` would do it. Works against a replayd whose TWITCH_SIMULATOR_URL is `simUrl`.
 */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  /** Every Set-Cookie line received, for asserting attributes. */
  readonly received: string[] = [];

  absorb(res: Response): Response {
    for (const line of res.headers.getSetCookie()) {
      this.received.push(line);
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** A request carrying the jar's cookies (when any), absorbing what comes back; redirects are not followed. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !headers.has("cookie")) headers.set("cookie", this.header());
    return this.absorb(await fetch(url, { ...init, headers, redirect: "manual" }));
  }
}

export interface SignInSteps {
  /** replayd's redirect to the authorize URL. */
  start: Response;
  /** The simulator's redirect back to the callback. */
  authorize: Response;
  /** The callback's answer: 302 to /dashboard (or /login?error=…). */
  callback: Response;
}

/** Signs in as `login` (a simulated user) through replayd's OAuth routes and the simulator's authorize. */
export async function signIn(serverUrl: string, jar: CookieJar, login?: string): Promise<SignInSteps> {
  const start = await jar.fetch(`${serverUrl}/api/v1/auth/twitch${login ? `?login=${login}` : ""}`);
  const authorizeUrl = start.headers.get("location");
  if (start.status !== 302 || !authorizeUrl) throw new Error(`sign-in did not start: ${start.status}`);
  const authorize = await fetch(authorizeUrl, { redirect: "manual" });
  const callbackUrl = authorize.headers.get("location");
  if (!callbackUrl)
    throw new Error(`authorize did not redirect: ${authorize.status} ${await authorize.text()}`);
  const callback = await jar.fetch(callbackUrl);
  return { start, authorize, callback };
}

/** A tRPC call over plain JSON (no transformer), as curl would make it. */
export async function trpc(
  serverUrl: string,
  path: string,
  options: { input?: unknown; mutation?: boolean; jar?: CookieJar; headers?: Record<string, string> } = {},
): Promise<{
  status: number;
  body: { result?: { data: unknown }; error?: { message: string; data?: { code: string } } };
  res: Response;
}> {
  const headers = new Headers(options.headers);
  let url = `${serverUrl}/trpc/${path}`;
  const init: RequestInit = { headers };
  if (options.mutation) {
    init.method = "POST";
    headers.set("content-type", "application/json");
    init.body = JSON.stringify(options.input ?? {});
  } else if (options.input !== undefined) {
    url += `?input=${encodeURIComponent(JSON.stringify(options.input))}`;
  }
  const res = options.jar ? await options.jar.fetch(url, init) : await fetch(url, init);
  const body = (await res.json()) as never;
  return { status: res.status, body, res };
}

const MAIN = join(import.meta.dir, "..", "..", "src", "main.ts");
export const TEST_SESSION_SECRET = "e2e-session-secret-".padEnd(48, "x");

/**
 * replayd from source as a real process on a free port, pointed at the simulator, with a fresh data folder
 * (or the one under `cwd`, prepared by the caller: `<cwd>/data`, with `<cwd>/config.toml`).
 */
export async function startReplayd(
  simUrl: string,
  env: Record<string, string> = {},
  options: { cwd?: string } = {},
) {
  const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), "replayd-auth-"));
  const server = await spawnServer({
    cmd: [process.execPath, MAIN],
    cwd,
    env: {
      PORT: "0",
      HOST: "127.0.0.1",
      SESSION_SECRET: TEST_SESSION_SECRET,
      TWITCH_SIMULATOR_URL: simUrl,
      ...env,
    },
  });
  const db = await openDatabase(`sqlite:${join(cwd, "data", "replayd.db")}`);
  return {
    url: server.url,
    repo: createRepository(db),
    server,
    async stop() {
      server.proc.kill("SIGKILL");
      await server.proc.exited;
      await db.close();
    },
  };
}

/** The simulator's users: login → Twitch id. */
export async function simUserIds(simUrl: string): Promise<Record<string, string>> {
  const state = (await (await fetch(`${simUrl}/sim/state`)).json()) as {
    users: { id: string; login: string }[];
  };
  return Object.fromEntries(state.users.map((u) => [u.login, u.id]));
}
