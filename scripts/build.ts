// `npm run build`: the dashboard, then one executable (dist/replayd) with the dashboard and the database
// migrations compiled in. Exported so tests can build into a folder of their own.
import { join } from "node:path";
import { buildDashboard } from "./dashboard.ts";

const root = join(import.meta.dir, "..");

/** Bun's cross-compilation targets replayd is released for (the runtime of each comes from npm). */
export type ReleaseTarget = "bun-linux-x64" | "bun-linux-arm64";

/** The executable for this machine, or for `target` (cross-compiled). */
export async function compileBinary(outfile: string, target?: ReleaseTarget): Promise<void> {
  const result = await Bun.build({
    entrypoints: [join(root, "src", "main.ts")],
    compile: target ? { outfile, target } : { outfile },
    minify: true,
    bytecode: true,
    format: "esm",
    target: "bun",
  });
  if (!result.success) {
    for (const log of result.logs) console.error(log);
    throw new Error("compile failed");
  }
}

if (import.meta.main) {
  const outfile = join(root, "dist", "replayd");
  if (!process.argv.includes("--skip-dashboard")) await buildDashboard();
  const started = performance.now();
  await compileBinary(outfile);
  const size = (Bun.file(outfile).size / 2 ** 20).toFixed(1);
  console.error(`replayd: built ${outfile} (${size} MiB) in ${Math.round(performance.now() - started)} ms`);
}
