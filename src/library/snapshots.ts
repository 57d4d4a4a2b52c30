import { storageLayout } from "../storage/layout.ts";
import type { Storage } from "../storage/storage.ts";

/** The most live snapshots one video lists (one every 5 minutes: about 41 hours of recording). */
export const MAX_SNAPSHOTS = 500;

/**
 * How many live snapshots a video has stored. The recorder numbers them 0, 1, 2, … and moves to the next
 * number only once one is stored (src/recorder/live-snapshots.ts; a resumed recording continues the count),
 * so what exists is exactly 0…n-1. That makes "does snapshot i exist" monotone in i, and n is found by
 * doubling (1, 3, 7, 15, …) until one is missing, then halving the bracket: about 2·log2(n) storage probes
 * instead of one per snapshot (17 rather than 481 for a 40-hour recording; each probe is an S3 HEAD).
 */
export async function countSnapshots(
  storage: Pick<Storage, "size">,
  baseName: string,
  max = MAX_SNAPSHOTS,
): Promise<number> {
  const exists = async (index: number) =>
    (await storage.size(storageLayout.snapshot(baseName, index))) !== null;
  if (max <= 0 || !(await exists(0))) return 0;
  let present = 1; // snapshots 0 … present-1 exist
  let missing = max; // this one is missing, or the bound
  for (let probe = 1; probe < max; probe = probe * 2 + 1) {
    if (!(await exists(probe))) {
      missing = probe;
      break;
    }
    present = probe + 1;
  }
  while (present < missing) {
    const middle = (present + missing) >>> 1;
    if (await exists(middle)) present = middle + 1;
    else missing = middle;
  }
  return present;
}
