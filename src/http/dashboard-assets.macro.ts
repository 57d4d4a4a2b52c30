import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export interface EmbeddedAsset {
  /** Content type, e.g. `text/javascript;charset=utf-8`. */
  type: string;
  /** The file, base64. */
  body: string;
  /** A gzip of the file, base64, when that is worth sending. */
  gzip: string | null;
  /** Strong validator derived from the content. */
  etag: string;
}

const COMPRESSIBLE = /^(text\/|application\/(javascript|json|xml|manifest)|image\/svg)/;

/**
 * Runs at bundle time (imported `with { type: "macro" }`): inlines the built dashboard, keyed by URL path,
 * so the executable serves it without reading the source tree. Gzip is done here once, not per request.
 * An unbuilt dashboard yields an empty map; the server then explains how to build it.
 */
export function loadDashboardAssets(): Record<string, EmbeddedAsset> {
  const root = join(import.meta.dir, "../../dashboard/dist");
  const assets: Record<string, EmbeddedAsset> = {};
  if (!existsSync(join(root, "index.html"))) return assets;
  for (const file of walk(root)) {
    const bytes = readFileSync(file);
    const type = Bun.file(file).type;
    let gzip: string | null = null;
    if (COMPRESSIBLE.test(type) && bytes.length > 512) {
      const packed = Bun.gzipSync(bytes, { level: 9 });
      if (packed.length < bytes.length * 0.9) gzip = Buffer.from(packed).toString("base64");
    }
    const etag = `"${new Bun.CryptoHasher("sha256").update(bytes).digest("base64url").slice(0, 22)}"`;
    assets[`/${relative(root, file).split("\\").join("/")}`] = {
      type,
      body: bytes.toString("base64"),
      gzip,
      etag,
    };
  }
  return assets;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
