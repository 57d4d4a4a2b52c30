// Measures the JavaScript the dashboard's home page needs before it can render: the entry chunk, the routes
// it lands on (the signed-in layout and the home page, both code-split) and everything they import
// statically. Read from Vite's build manifest; sizes are gzipped, as the server sends them.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

/** The budget the issue sets for the home page's initial JavaScript. */
export const HOME_JS_BUDGET_BYTES = 300 * 1024;

/** Route modules the home page loads at once: the session-gated layout and the index route. */
const HOME_ROUTES = ["src/routes/__root.tsx", "src/routes/_app.tsx", "src/routes/_app/index.tsx"];

/** Files (relative to dist) the home page loads before rendering, deduplicated. */
export function homeInitialFiles(manifest: Manifest): string[] {
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry);
  if (!entry) throw new Error("the Vite manifest has no entry chunk");
  const keys = new Set<string>();
  const visit = (key: string) => {
    if (keys.has(key) || !manifest[key]) return;
    keys.add(key);
    for (const imported of manifest[key].imports ?? []) visit(imported);
  };
  visit(entry[0]);
  for (const key of Object.keys(manifest)) {
    if (HOME_ROUTES.some((route) => key === route || key.startsWith(`${route}?`))) visit(key);
  }
  return [...new Set([...keys].map((key) => manifest[key]?.file ?? "").filter((f) => f.endsWith(".js")))];
}

/** Gzipped bytes of the home page's initial JavaScript in a built `dist` folder. */
export function measureHomeJs(dist: string): { files: string[]; gzipBytes: number } {
  const manifestPath = join(dist, ".vite", "manifest.json");
  if (!existsSync(manifestPath))
    throw new Error(`no build manifest at ${manifestPath}; build the dashboard first`);
  const files = homeInitialFiles(JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest);
  const gzipBytes = files.reduce((sum, file) => sum + Bun.gzipSync(readFileSync(join(dist, file))).length, 0);
  return { files, gzipBytes };
}
