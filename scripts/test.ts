// `npm test`: runs `bun test` (arguments pass through), shows its output as it comes, and closes with the
// line CI reads, `N passed, N failed`, from the real counts. Exits non-zero on any failure.
const args = process.argv.slice(2);
const proc = Bun.spawn([process.execPath, "test", ...args], {
  cwd: `${import.meta.dir}/..`,
  stdout: "pipe",
  stderr: "pipe",
  env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "0" },
});

let tail = "";
async function relay(stream: ReadableStream<Uint8Array>, out: NodeJS.WriteStream) {
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    out.write(chunk);
    // Bun prints its summary last, on stderr; keep a bounded tail of both streams to read it from.
    tail = (tail + decoder.decode(chunk, { stream: true })).slice(-20_000);
  }
}
await Promise.all([relay(proc.stdout, process.stdout), relay(proc.stderr, process.stderr)]);
const code = await proc.exited;

const count = (word: string) => {
  const matches = [...tail.matchAll(new RegExp(`^\\s*(\\d+) ${word}$`, "gm"))];
  return matches.length ? Number(matches[matches.length - 1]?.[1]) : undefined;
};
const passed = count("pass") ?? 0;
// A crash before the summary still counts as a failure.
const failed = count("fail") ?? (code === 0 ? 0 : 1);
console.log(`${passed} passed, ${failed} failed`);
process.exit(code !== 0 || failed > 0 ? 1 : 0);
