import type { Subprocess } from "bun";

export interface ServerProcess {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  /** http://127.0.0.1:<port> once ready. */
  url: string;
  /** Every line written so far (stdout and stderr). */
  lines: string[];
  /** Sends a signal and resolves with the exit code and how long the exit took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

export interface SpawnOptions {
  cmd: string[];
  cwd: string;
  env: Record<string, string>;
  /** How long to wait for the "ready" log line. */
  readyTimeoutMs?: number;
  /** The log message that says the process listens (default: the server's "replayd is ready"). */
  readyMessage?: string;
}

/**
 * Starts replayd (from source or the compiled binary) with JSON logs and waits for its "ready" line,
 * which carries the address it bound (PORT=0 lets the OS pick a free port).
 */
export async function spawnServer(options: SpawnOptions): Promise<ServerProcess> {
  const proc = Bun.spawn(options.cmd, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_FORMAT: "json", ...options.env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const lines: string[] = [];
  let resolveReady: (url: string) => void = () => {};
  const ready = new Promise<string>((resolve) => {
    resolveReady = resolve;
  });
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of stream) {
      buffer += decoder.decode(chunk, { stream: true });
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        const url = readyUrl(line, options.readyMessage ?? "replayd is ready");
        if (url) resolveReady(url);
        nl = buffer.indexOf("\n");
      }
    }
    if (buffer) lines.push(buffer);
  };
  void pump(proc.stdout);
  void pump(proc.stderr);

  const timeoutMs = options.readyTimeoutMs ?? 10_000;
  const outcome = await Promise.race([
    ready.then((url) => ({ url })),
    proc.exited.then((code) => ({ exited: code })),
    Bun.sleep(timeoutMs).then(() => ({ timeout: true })),
  ]);
  if (!("url" in outcome)) {
    proc.kill("SIGKILL");
    throw new Error(`server did not become ready (${JSON.stringify(outcome)}):\n${lines.join("\n")}`);
  }
  return {
    proc,
    url: outcome.url,
    lines,
    async stop(signal = "SIGTERM") {
      const started = performance.now();
      proc.kill(signal);
      const code = await proc.exited;
      return { code, ms: performance.now() - started };
    },
  };
}

function readyUrl(line: string, message: string): string | undefined {
  if (!line.includes(message)) return undefined;
  try {
    const { url } = JSON.parse(line) as { url: string };
    // A wildcard bind is announced as localhost; IPv4 loopback answers for it whatever localhost resolves to.
    return url.replace("0.0.0.0", "127.0.0.1").replace("//localhost:", "//127.0.0.1:");
  } catch {
    return undefined;
  }
}

/** Runs a command to completion and returns its exit code and output. */
export async function runToExit(cmd: string[], cwd: string, env: Record<string, string>) {
  const proc = Bun.spawn(cmd, {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_FORMAT: "json", ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}
