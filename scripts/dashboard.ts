// Builds the dashboard (dashboard/dist), which the server embeds. With --if-stale it does nothing when the
// build is newer than every source file, so `npm start` and `npm test` stay quick after the first run.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { HOME_JS_BUDGET_BYTES, measureHomeJs } from "./dashboard-size.ts";

const dashboard = join(import.meta.dir, "..", "dashboard");
const output = join(dashboard, "dist", "index.html");
const SOURCES = ["src", "public", "index.html", "vite.config.ts", "package.json", "tsconfig.json"];

export function dashboardIsStale(): boolean {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return SOURCES.some((name) => newestMtime(join(dashboard, name)) > built);
}

export async function buildDashboard(): Promise<void> {
  const proc = Bun.spawn(["npx", "vite", "build", "--logLevel", "warn"], {
    cwd: dashboard,
    // Vite keeps a NODE_ENV it inherits: under `bun test` (NODE_ENV=test) React would be its development
    // build (StrictMode's double effects, dev warnings) while the shipped one is production.
    env: { ...process.env, NODE_ENV: "production" },
    stdout: "inherit",
    stderr: "inherit",
  });
  if ((await proc.exited) !== 0) throw new Error("dashboard build failed");
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

if (import.meta.main) {
  if (!process.argv.includes("--if-stale") || dashboardIsStale()) {
    console.error("replayd: building the dashboard…");
    await buildDashboard();
    const { gzipBytes, files } = measureHomeJs(join(dashboard, "dist"));
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    console.error(
      `replayd: home page initial JS ${kb(gzipBytes)} gzipped in ${files.length} files (budget ${kb(HOME_JS_BUDGET_BYTES)})`,
    );
    if (gzipBytes > HOME_JS_BUDGET_BYTES) {
      console.error("replayd: the home page's initial JavaScript is over budget");
      process.exit(1);
    }
  }
}
