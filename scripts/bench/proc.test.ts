import { expect, test } from "bun:test";
import { cpuByNameBetween, TreeSampler } from "./proc.ts";

// A shell that runs a CPU-burning grandchild: the sampler must count the grandchild, by name, and keep its
// CPU after it has ended (as replayd's ffmpeg children come and go).
test("a process tree's CPU includes descendants, split by name, and survives their exit", async () => {
  // Burns 300 ms of CPU however busy the machine is.
  const burn =
    "let x = 0; do { for (let i = 0; i < 1e6; i++) x++; } while (process.cpuUsage().user < 300000);";
  const proc = Bun.spawn(["sh", "-c", `"${process.execPath}" -e '${burn}'; sleep 0.3`], { stdout: "ignore" });
  const sampler = new TreeSampler([proc.pid], 50).start();
  const from = sampler.samples[0];
  await proc.exited;
  sampler.stop();
  const to = sampler.mark();
  expect(to.processes).toBe(0);
  // The first sample may already hold some of the burn: at least half of it must be seen.
  expect(to.cpuSeconds - (from?.cpuSeconds ?? 0)).toBeGreaterThan(0.15);
  const byName = cpuByNameBetween(from as NonNullable<typeof from>, to);
  // The grandchild's own name holds the CPU (Bun's executable is "bun" or "bun.exe"), not the shell's.
  const bun = Object.entries(byName).find(([name]) => name.startsWith("bun"));
  expect(bun?.[1] ?? 0).toBeGreaterThan(0.15);
  expect(byName.sh ?? 0).toBeLessThan(0.1);
  expect(sampler.peak().pssMb).toBeGreaterThan(1);
});
