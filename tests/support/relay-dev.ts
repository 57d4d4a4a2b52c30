import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { freePort, waitForOk } from "./ports.ts";

const ROOT = join(import.meta.dir, "..", "..");

export interface RelayDev {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Kills the relay (its whole process group) and starts it again on the same port and storage. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

/**
 * The relay Worker under `wrangler dev --local` (workerd on loopback, offline, storage in a temp folder).
 * wrangler runs under Node (it refuses Bun) in its own process group: it ignores SIGTERM sent to the
 * wrapper alone, so the group is what gets stopped.
 */
export async function startRelayDev(vars: Record<string, string> = {}): Promise<RelayDev> {
  const port = freePort();
  const persist = mkdtempSync(join(tmpdir(), "replayd-relay-dev-"));
  let proc: Subprocess<"ignore", "pipe", "pipe"> | null = null;
  let log = "";
  const launch = async () => {
    const args = [
      join(ROOT, "node_modules", ".bin", "wrangler"),
      "dev",
      "--local",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      persist,
      "--show-interactive-dev-session=false",
      ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
    ];
    proc = Bun.spawn(["node", ...args], {
      cwd: join(ROOT, "relay"),
      detached: true,
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1", NO_COLOR: "1" },
    });
    const pump = async (stream: ReadableStream<Uint8Array>) => {
      for await (const chunk of stream) log = (log + new TextDecoder().decode(chunk)).slice(-20_000);
    };
    void pump(proc.stdout);
    void pump(proc.stderr);
    try {
      await waitForOk(`http://127.0.0.1:${port}/health`, 60_000);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${log}`);
    }
  };
  const kill = async () => {
    const running = proc;
    if (!running) return;
    proc = null;
    try {
      process.kill(-running.pid, "SIGKILL");
    } catch {
      // already gone
    }
    await running.exited;
  };
  await launch();
  return {
    url: `http://127.0.0.1:${port}`,
    async restart() {
      await kill();
      await launch();
    },
    stop: kill,
    output: () => log,
  };
}
