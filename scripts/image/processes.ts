// Host processes for the image validation: commands run to their end, polling and timeouts, a free port, the
// health endpoint, and short excerpts of long output for the check lines.
import { secs } from "./checks.ts";
import { ROOT } from "./manifest.ts";

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** What the run undoes at its end, newest first: processes to kill, containers and volumes to remove. */
export type Cleanups = (() => Promise<unknown> | unknown)[];

/** Runs a host command to its end; stderr is passed through when `echo` (long builds say what they do). */
export async function run(
  argv: string[],
  options: { echo?: boolean; env?: Record<string, string>; cwd?: string } = {},
) {
  const proc = Bun.spawn(argv, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const stderr = (async () => {
    let text = "";
    const decoder = new TextDecoder();
    for await (const chunk of proc.stderr) {
      const part = decoder.decode(chunk, { stream: true });
      text += part;
      if (options.echo) process.stderr.write(part.replace(/^(?=.)/gm, "    "));
    }
    return text;
  })();
  const [code, stdout, err] = await Promise.all([proc.exited, new Response(proc.stdout).text(), stderr]);
  return { code, stdout, stderr: err } satisfies Ran;
}

/** `run`, throwing with the end of its output when it exits non-zero. */
export async function runOk(argv: string[], options: Parameters<typeof run>[1] = {}): Promise<Ran> {
  const r = await run(argv, options);
  if (r.code !== 0)
    throw new Error(`${argv.slice(0, 3).join(" ")} exited ${r.code}: ${tail(r.stderr || r.stdout)}`);
  return r;
}

export const tail = (text: string, lines = 4) => text.trim().split("\n").slice(-lines).join(" | ");
export const firstLine = (text: string) => text.trim().split("\n")[0] ?? "";

export function freePort(): number {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = server.port as number;
  server.stop(true);
  return port;
}

/** Polls until `probe` returns a value (not undefined), or throws after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last: unknown = null;
  while (performance.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await Bun.sleep(25);
  }
  throw new Error(`${what}: not within ${secs(timeoutMs)}${last ? ` (${(last as Error).message})` : ""}`);
}

/** The promise's value, or an error after `ms` (the timer cleared either way). */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** GET /api/v1/health until it answers 200; returns its status field. */
export async function healthy(port: number, timeoutMs = 30_000): Promise<string> {
  return until(
    `GET http://127.0.0.1:${port}/api/v1/health`,
    async () => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (res.status !== 200) return undefined;
      const body = (await res.json()) as { status: string; reasons?: string[] };
      return `${body.status}${body.reasons?.length ? ` (${body.reasons.join("; ")})` : ""}`;
    },
    timeoutMs,
  );
}
