/** A port that was free a moment ago, for tests that must pass an explicit PORT. */
export function freePort(): number {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = server.port as number;
  server.stop(true);
  return port;
}

/** Polls `url` until it answers 200, or throws after `timeoutMs`. Resolves with the time it took. */
export async function waitForOk(url: string, timeoutMs = 10_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    try {
      const res = await fetch(url);
      if (res.ok) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await Bun.sleep(10);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}
