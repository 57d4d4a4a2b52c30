import { expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "./logger.ts";
import { RotatingFile } from "./rotating-file.ts";

const folder = () => mkdtempSync(join(tmpdir(), "replayd-log-"));
const line = (n: number) => `${JSON.stringify({ n, pad: "x".repeat(80) })}\n`;

test("the live file keeps its name; older lines move to .1, .2 … and the oldest beyond `keep` are gone", () => {
  const dir = folder();
  const path = join(dir, "replayd.log");
  const file = new RotatingFile(path, { maxBytes: 1000, keep: 2 });
  for (let n = 0; n < 50; n++) file.write(line(n));
  expect(readdirSync(dir).sort()).toEqual(["replayd.log", "replayd.log.1", "replayd.log.2"]);
  const lines = (name: string) =>
    readFileSync(join(dir, name), "utf8")
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { n: number }).n);
  // No file past its size, nothing lost between the live file and its copies, newest last.
  for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name)).length).toBeLessThanOrEqual(1000);
  const kept = [...lines("replayd.log.2"), ...lines("replayd.log.1"), ...lines("replayd.log")];
  expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 50 - kept.length + i));
  expect(kept.at(-1)).toBe(49);
});

test("an existing file counts toward the size: a restart does not start it over", () => {
  const dir = folder();
  const path = join(dir, "replayd.log");
  writeFileSync(path, "x".repeat(950));
  new RotatingFile(path, { maxBytes: 1000, keep: 1 }).write(line(1));
  expect(readFileSync(join(dir, "replayd.log.1"), "utf8")).toBe("x".repeat(950));
  expect(readFileSync(path, "utf8")).toBe(line(1));
});

test("keep 0: the full file is dropped, the live one starts again", () => {
  const dir = folder();
  const file = new RotatingFile(join(dir, "replayd.log"), { maxBytes: 200, keep: 0 });
  for (let n = 0; n < 5; n++) file.write(line(n));
  expect(readdirSync(dir)).toEqual(["replayd.log"]);
  expect(readFileSync(join(dir, "replayd.log"), "utf8")).toBe(line(4));
});

test("a rotation that fails goes on writing in the same file", () => {
  const dir = folder();
  const path = join(dir, "replayd.log");
  // Where the copy would go is a folder with something in it: neither removed nor replaced, even by root.
  mkdirSync(join(dir, "replayd.log.1", "held"), { recursive: true });
  const file = new RotatingFile(path, { maxBytes: 200, keep: 1 });
  for (let n = 0; n < 4; n++) file.write(line(n));
  expect(readFileSync(path, "utf8").trim().split("\n")).toHaveLength(4);
});

test("the logger writes JSON lines to the rotating file, secrets redacted", () => {
  const dir = folder();
  const chunks: string[] = [];
  const log = createLogger({
    level: "info",
    format: "json",
    destination: { write: (s: string) => void chunks.push(s) } as unknown as NodeJS.WritableStream,
    file: join(dir, "replayd.log"),
    rotation: { maxBytes: 300, keep: 3 },
  });
  for (let n = 0; n < 10; n++) log.info({ token: "sekrit", n }, "a line that fills the file");
  const all = readdirSync(dir)
    .map((name) => readFileSync(join(dir, name), "utf8"))
    .join("");
  expect(readdirSync(dir).length).toBe(4);
  expect(all).toContain('"msg":"a line that fills the file"');
  expect(all).not.toContain("sekrit");
});
