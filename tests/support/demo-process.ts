import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildDashboard } from "../../scripts/dashboard.ts";
import { freePort } from "./ports.ts";
import { type ServerProcess, spawnServer } from "./server-process.ts";

const ROOT = join(import.meta.dir, "..", "..");
const MAIN = join(ROOT, "src", "main.ts");

export interface DemoProcess {
  server: ServerProcess;
  /** http://127.0.0.1:<port> */
  base: string;
  port: number;
  /** The folder it runs in; its data is under `<cwd>/demo-data`. */
  cwd: string;
}

/**
 * `replayd demo` from source in a fresh folder (`name` prefixes it), the dashboard built first when it is
 * missing, ready once its log says so. `env` adds to the server's environment (e.g. WEBHOOK_ALLOWED_HOSTS
 * for a receiver on this machine).
 */
export async function spawnDemo(name: string, env: Record<string, string> = {}): Promise<DemoProcess> {
  if (!existsSync(join(ROOT, "dashboard", "dist", "index.html"))) await buildDashboard();
  const cwd = mkdtempSync(join(tmpdir(), `${name}-`));
  const port = freePort();
  const server = await spawnServer({
    cmd: [process.execPath, MAIN, "demo", "--port", String(port), "--data-dir", join(cwd, "demo-data")],
    cwd,
    env,
    readyTimeoutMs: 20_000,
  });
  return { server, base: `http://127.0.0.1:${port}`, port, cwd };
}
