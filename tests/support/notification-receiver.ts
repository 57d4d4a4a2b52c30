/** One request as a notification service received it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Date.now() when it arrived. */
  at: number;
}

/** An answer: a status, or a status with headers and a body. */
export type ScriptedAnswer = number | { status: number; headers?: Record<string, string>; body?: string };

/**
 * A real HTTP server on loopback standing in for Discord, ntfy, Telegram, Gotify or a webhook receiver:
 * it records every request whole, and answers each path from a script (200 once the script runs out).
 */
export function startNotificationReceiver() {
  const received: ReceivedRequest[] = [];
  const scripts = new Map<string, ScriptedAnswer[]>();
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const path = url.pathname + url.search;
      received.push({
        method: req.method,
        path,
        headers: Object.fromEntries(req.headers),
        body: await req.text(),
        at: Date.now(),
      });
      const answer = scripts.get(url.pathname)?.shift() ?? 200;
      if (typeof answer === "number") return new Response(answer === 204 ? null : "ok", { status: answer });
      return new Response(answer.body ?? "", { status: answer.status, headers: answer.headers });
    },
  });
  const url = `http://127.0.0.1:${server.port}`;
  return {
    url,
    /** Scripts the answers of a path (without query). */
    script(path: string, answers: ScriptedAnswer[]) {
      scripts.set(path, [...answers]);
    },
    /** What arrived at a path (without query). */
    at: (path: string) => received.filter((r) => r.path.split("?")[0] === path),
    all: () => [...received],
    stop: () => server.stop(true),
  };
}
