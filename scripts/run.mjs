// Entry point of `npm start`, `npm test`, `npm run build`, `npm run demo` and `npm run bench` on a machine
// that may have nothing but Node and npm: installs the npm dependencies (Bun among them) when they are missing or older than the lock
// file, then hands over to the Bun scripts. Plain Node, no dependencies, on purpose.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bun = join(root, "node_modules", ".bin", "bun");
const [task, ...args] = process.argv.slice(2);

const tasks = {
  // Builds the dashboard when its sources changed, then runs the server on SQLite under ./data.
  start: () => [
    ["scripts/dashboard.ts", "--if-stale"],
    ["src/main.ts", "serve", ...args],
  ],
  // Makes sure Postgres, ffmpeg and Chromium are there, then the whole suite.
  test: () => {
    system();
    return [
      ["scripts/dashboard.ts", "--if-stale"],
      ["scripts/test.ts", ...args],
    ];
  },
  build: () => [["scripts/build.ts", ...args]],
  // Release binaries for x64 and arm64 Linux with their SHA-256 sums (dist/release).
  release: () => [["scripts/release.ts", ...args]],
  // The benchmark suite (scripts/bench/run.ts): needs what the tests need (ffmpeg, streamlink, Postgres).
  bench: () => {
    system();
    return [
      ["scripts/dashboard.ts", "--if-stale"],
      ["scripts/bench/run.ts", ...args],
    ];
  },
  // The server and the Twitch simulator together, with channels going live on a loop (./demo-data).
  demo: () => [
    ["scripts/dashboard.ts", "--if-stale"],
    ["src/main.ts", "demo", ...args],
  ],
};

if (!tasks[task]) {
  console.error(`usage: node scripts/run.mjs ${Object.keys(tasks).join("|")} [args]`);
  process.exit(2);
}

installIfNeeded();
const steps = tasks[task]();
for (const [i, step] of steps.entries()) {
  const code = await run(bun, step, i === steps.length - 1);
  if (code !== 0) process.exit(code);
}

function installIfNeeded() {
  const marker = join(root, "node_modules", ".package-lock.json");
  const lock = join(root, "package-lock.json");
  const fresh = existsSync(bun) && existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh) return;
  console.error("replayd: installing npm dependencies (first run or lock file changed)…");
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function system() {
  const r = spawnSync("bash", [join(root, "scripts", "ensure-system.sh")], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// The last step gets the signals: Ctrl-C or SIGTERM stop the server gracefully instead of orphaning it.
function run(cmd, argv, forwardSignals) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: root, stdio: "inherit" });
    const forward = (signal) => child.kill(signal);
    if (forwardSignals) for (const s of ["SIGINT", "SIGTERM"]) process.on(s, forward);
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
