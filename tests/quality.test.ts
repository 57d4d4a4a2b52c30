import { describe, expect, test } from "bun:test";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

// Formatting, lint and types are part of the suite, so a red one fails `npm test` like any other test.
const ROOT = join(import.meta.dir, "..");
const BIN = join(ROOT, "node_modules", ".bin");

async function run(cmd: string[], cwd = ROOT) {
  const proc = Bun.spawn(cmd, { cwd, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, output: `${out}\n${err}` };
}

describe("code quality", () => {
  test("biome: formatting and lint are clean (fix with `npx biome check --write`)", async () => {
    const { code, output } = await run([join(BIN, "biome"), "ci", "--colors=off", "."]);
    if (code !== 0) console.error(output);
    expect(code).toBe(0);
  }, 60_000);

  test("typescript: the server and scripts type-check", async () => {
    const { code, output } = await run([join(BIN, "tsc"), "--noEmit", "-p", "."]);
    if (code !== 0) console.error(output);
    expect(code).toBe(0);
  }, 120_000);

  test("typescript: the dashboard type-checks", async () => {
    const { code, output } = await run([join(BIN, "tsc"), "--noEmit", "-p", "dashboard"]);
    if (code !== 0) console.error(output);
    expect(code).toBe(0);
  }, 120_000);
});

describe("database migrations", () => {
  test.each(["sqlite", "pg"])(
    "drizzle/%s matches the drizzle schema (run `npm run db:generate` after a schema change)",
    async (dialect) => {
      // Generate into a copy of the migration folder: a non-empty diff means a migration is missing.
      const copy = mkdtempSync(join(tmpdir(), "replayd-drift-"));
      cpSync(join(ROOT, "drizzle", dialect), copy, { recursive: true });
      const config = join(copy, "drizzle.config.json");
      writeFileSync(
        config,
        JSON.stringify({
          dialect: dialect === "pg" ? "postgresql" : "sqlite",
          schema: `./src/db/schema/${dialect}.ts`,
          // drizzle-kit reads `out` relative to the working folder.
          out: relative(ROOT, copy),
        }),
      );
      const { code, output } = await run([join(BIN, "drizzle-kit"), "generate", "--config", config]);
      expect(code).toBe(0);
      expect(output).toContain("No schema changes");
    },
    60_000,
  );
});
