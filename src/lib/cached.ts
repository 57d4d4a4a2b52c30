/**
 * Wraps an async computation so callers within `ttlMs` of its last start share one result, and concurrent
 * callers share one run. A rejection is not kept: the next call runs again.
 */
export function cached<T>(
  compute: () => Promise<T>,
  ttlMs: number,
  now: () => number = performance.now.bind(performance),
) {
  let entry: { at: number; value: Promise<T> } | undefined;
  return (): Promise<T> => {
    const at = now();
    if (entry && at - entry.at < ttlMs) return entry.value;
    const value = compute();
    const mine = { at, value };
    entry = mine;
    value.catch(() => {
      if (entry === mine) entry = undefined;
    });
    return value;
  };
}
