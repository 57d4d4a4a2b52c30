import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The relay Worker's tests run in the Workers runtime under Node (vitest + @cloudflare/vitest-pool-workers;
// wrangler refuses Bun). They run once here, and each becomes one test of this suite, so `npm test`'s
// closing line counts them honestly.
const ROOT = join(import.meta.dir, "..");
const report = join(mkdtempSync(join(tmpdir(), "replayd-relay-")), "vitest.json");
const proc = Bun.spawn(
  [
    "node",
    join(ROOT, "node_modules", ".bin", "vitest"),
    "run",
    "--root",
    "relay",
    "--reporter=json",
    `--outputFile=${report}`,
  ],
  { cwd: ROOT, stdout: "ignore", stderr: "pipe", env: { ...process.env, FORCE_COLOR: "0" } },
);
const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);

interface VitestReport {
  testResults: {
    name: string;
    message?: string;
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
  }[];
}
let parsed: VitestReport | null = null;
let readError = "";
try {
  parsed = JSON.parse(readFileSync(report, "utf8")) as VitestReport;
} catch (err) {
  readError = (err as Error).message;
}
const cases = (parsed?.testResults ?? []).flatMap((file) =>
  file.assertionResults.map((a) => ({
    name: `${file.name.split("/relay/")[1]}: ${a.fullName}`,
    status: a.status,
    failures: a.failureMessages.join("\n"),
  })),
);

describe("relay worker (Workers runtime)", () => {
  test("vitest ran and exited 0", () => {
    if (code !== 0 || !parsed) console.error(stderr, readError);
    expect(parsed).not.toBeNull();
    expect(code).toBe(0);
  });

  test.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    if (c.status !== "passed") console.error(c.failures);
    expect(c.status).toBe("passed");
  });

  test("the relay's TypeScript type-checks", async () => {
    const tsc = Bun.spawn([join(ROOT, "node_modules", ".bin", "tsc"), "--noEmit", "-p", "relay"], {
      cwd: ROOT,
      stdout: "pipe",
      stderr: "pipe",
    });
    const [out, exit] = await Promise.all([new Response(tsc.stdout).text(), tsc.exited]);
    if (exit !== 0) console.error(out);
    expect(exit).toBe(0);
  }, 60_000);
});
