import { signatureMatches, timestampFresh } from "../../src/twitch/eventsub-signature.ts";

export interface ReceivedMessage {
  path: string;
  id: string;
  event: string;
  timestamp: string;
  userAgent: string;
  /** The signature checked against the path's secret over the exact body, within the replay window. */
  verified: boolean;
  body: Record<string, unknown>;
}

type Answer = number | { status: number; location: string } | "hang";

/**
 * A real HTTP receiver on loopback for the recording webhook: each path has its own secret and a script of
 * answers (200 once the script runs out); every request is recorded with whether its signature verifies.
 */
export function startWebhookReceiver() {
  const received: ReceivedMessage[] = [];
  const scripts = new Map<string, Answer[]>();
  const secrets = new Map<string, string>();
  const hanging: (() => void)[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const path = new URL(req.url).pathname;
      const raw = await req.text();
      const header = (name: string) => req.headers.get(name) ?? "";
      const id = header("Replayd-Webhook-Id");
      const timestamp = header("Replayd-Webhook-Timestamp");
      const verified =
        timestampFresh(timestamp, Date.now()) &&
        signatureMatches(secrets.get(path) ?? "", id, timestamp, raw, header("Replayd-Webhook-Signature"));
      received.push({
        path,
        id,
        event: header("Replayd-Webhook-Event"),
        timestamp,
        userAgent: header("User-Agent"),
        verified,
        body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
      });
      const answer = scripts.get(path)?.shift() ?? 200;
      if (answer === "hang") {
        await new Promise<void>((resolve) => hanging.push(resolve));
        return new Response("late", { status: 200 });
      }
      if (typeof answer === "number") return new Response(String(answer), { status: answer });
      return new Response(null, { status: answer.status, headers: { Location: answer.location } });
    },
  });
  const url = `http://127.0.0.1:${server.port}`;
  return {
    url,
    /** A fresh path with its secret and scripted answers. */
    endpoint(path: string, secret: string, answers: Answer[] = []) {
      secrets.set(path, secret);
      scripts.set(path, [...answers]);
      return `${url}${path}`;
    },
    at: (path: string) => received.filter((m) => m.path === path),
    release: () => {
      for (const resolve of hanging.splice(0)) resolve();
    },
    stop: () => server.stop(true),
  };
}

/** Polls `check` until it returns a value (not undefined/false), or throws after `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
): Promise<T> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    await Bun.sleep(20);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
