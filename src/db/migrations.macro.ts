import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface Migration {
  /** The number in the file name (0000_init.sql is version 0). */
  version: number;
  /** The file name without `.sql`, e.g. `0000_init`. */
  name: string;
  statements: string[];
}

/**
 * Runs at bundle time (imported `with { type: "macro" }`): reads drizzle-kit's journal and SQL files and
 * inlines them, so the compiled executable carries its migrations and never reads the source tree.
 */
export function loadMigrations(dialect: "sqlite" | "pg"): Migration[] {
  const dir = join(import.meta.dir, "../../drizzle", dialect);
  const journal = JSON.parse(readFileSync(join(dir, "meta/_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  return journal.entries.map(({ tag }) => ({
    version: Number.parseInt(tag.slice(0, tag.indexOf("_")), 10),
    name: tag,
    statements: readFileSync(join(dir, `${tag}.sql`), "utf8")
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  }));
}
