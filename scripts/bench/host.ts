// How busy the whole machine is: a benchmark figure taken while other work ran means less.
import { readFileSync } from "node:fs";

export interface HostTicks {
  busy: number;
  total: number;
}

/** Without `since`: the machine's CPU counters now. With it: the busy share (0–100) of all cores since then. */
export function hostBusy(): HostTicks;
export function hostBusy(since: HostTicks): number;
export function hostBusy(since?: HostTicks): HostTicks | number {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "")
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const now = { busy: total - idle, total };
  if (!since) return now;
  return now.total > since.total ? ((now.busy - since.busy) / (now.total - since.total)) * 100 : 0;
}
