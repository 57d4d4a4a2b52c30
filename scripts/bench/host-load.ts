// A busy host on demand: one burner process per core, at the lowest priority (nice 19), each doing a fixed
// mix of hashing and allocation until stopped. A recorder measured meanwhile shares the machine as it would
// with a transcode or a backup running beside it; niceness keeps the load from starving it outright, so
// what the figures show is scheduling delay, not a recorder robbed of CPU.
import { cpus } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { processCpuSeconds } from "./proc.ts";

export const HOST_LOAD_DESCRIPTION =
  "one burner process per core at nice 19, each looping over a fixed mix (SHA-256 of 1 MB, then 4 MB of fresh buffers filled and kept in a 64 MB ring, so the allocator and the page cache see churn), " +
  "started before the recorder and stopped after it finished";

export interface HostLoad {
  pids: number[];
  /** CPU seconds the burners have used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export async function startHostLoad(processes = cpus().length): Promise<HostLoad> {
  const burners: Subprocess[] = Array.from({ length: processes }, () =>
    Bun.spawn(["nice", "-n", "19", process.execPath, join(import.meta.dir, "host-load-worker.ts")], {
      stdin: "ignore",
      stdout: "ignore",
      stderr: "inherit",
    }),
  );
  // Running before the measurement starts: each has used some CPU.
  const started = performance.now();
  while (burners.some((b) => processCpuSeconds(b.pid) === 0) && performance.now() - started < 5000)
    await Bun.sleep(50);
  return {
    pids: burners.map((b) => b.pid),
    cpuSeconds: () => burners.reduce((n, b) => n + processCpuSeconds(b.pid), 0),
    async stop() {
      for (const b of burners) b.kill("SIGKILL");
      await Promise.all(burners.map((b) => b.exited));
    },
  };
}
