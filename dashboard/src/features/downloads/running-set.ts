/**
 * Whether a push of the running recordings started or ended one (not just moved progress): then the
 * library's counts and lists are out of date.
 */
export function runningSetChanged(
  before: readonly { job_id: string }[] | undefined,
  after: readonly { job_id: string }[],
): boolean {
  if (!before) return false;
  if (before.length !== after.length) return true;
  const ids = new Set(before.map((row) => row.job_id));
  return after.some((row) => !ids.has(row.job_id));
}
