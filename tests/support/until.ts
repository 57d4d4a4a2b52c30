/**
 * Polls `probe` until it gives something truthy and returns that, or throws naming `what` after `timeoutMs`.
 * The tests' way to wait for an effect they cannot subscribe to (no sleeps as synchronisation).
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const value = await probe();
    if (value) return value;
    await Bun.sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}
