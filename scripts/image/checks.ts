// The image validation's checks and what it prints: one line per check (✓ or ✗ with what it saw and how long
// it took) and the closing summary. The results are this module's, one list for the whole run.

export const MIB = 2 ** 20;
export const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const results: { name: string; ok: boolean }[] = [];

/** Ends the run: printed as it is (✗ and the message), without a stack. */
export class Fatal extends Error {}

/** Runs one check: ✓ with what it returned, or ✗ with why. Returns whether it passed. */
export async function check(name: string, fn: () => Promise<string> | string): Promise<boolean> {
  const at = performance.now();
  try {
    const detail = await fn();
    console.log(`✓ ${name}: ${detail} (${secs(performance.now() - at)})`);
    results.push({ name, ok: true });
    return true;
  } catch (err) {
    console.log(`✗ ${name}: ${(err as Error).message} (${secs(performance.now() - at)})`);
    results.push({ name, ok: false });
    return false;
  }
}

/** A check the rest depends on: its failure ends the run. */
export async function must(name: string, fn: () => Promise<string> | string) {
  if (!(await check(name, fn))) throw new Fatal(`${name} failed: the checks after it cannot run`);
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** The run ended early: a Fatal as its message, anything else with its stack. Counts as one failed check. */
export function reportEnd(err: unknown) {
  if (err instanceof Fatal) console.log(`✗ ${err.message}`);
  else console.log(`✗ unexpected: ${(err as Error).stack ?? err}`);
  results.push({ name: "run", ok: false });
}

/** Prints the closing line; returns how many checks failed. */
export function printSummary(startedAt: number): number {
  // Not "N passed, N failed": that line is the test suite's, which CI reads after this.
  const failed = results.filter((r) => !r.ok).length;
  const took = secs(performance.now() - startedAt);
  console.log(
    failed
      ? `image validation: ${failed} of ${results.length} checks failed (${took})`
      : `image validation: all ${results.length} checks passed (${took})`,
  );
  return failed;
}
