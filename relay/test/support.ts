import { env } from "cloudflare:test";
import type { RelayEnv } from "../src/env.ts";
import type { DispatchResult, EventFrame } from "../src/frames.ts";
import worker from "../src/index.ts";
import { mintToken, subscribeKey } from "../src/mint.mjs";

export const ORIGIN = "https://relay.example";
/** The deployment secret the tests run under (vitest.config.ts binds it). */
export const SECRET = env.RELAY_SECRET as string;
let counter = 0;
/** A fresh token minted under the test secret, so every test has its own buffer; its id starts with `prefix`. */
export function token(prefix = "tok"): Promise<string> {
  counter++;
  return mintToken(SECRET, `${prefix}_${counter}_${crypto.randomUUID().replaceAll("-", "")}`.slice(0, 48));
}

/** The `Authorization` header a subscriber of `tok` presents. */
export async function bearer(tok: string): Promise<Record<string, string>> {
  return { Authorization: `Bearer ${await subscribeKey(SECRET, tok)}` };
}

/** Calls the Worker's own fetch handler, with extra variables (the validator settings) when given. */
export function call(request: Request, vars: Partial<RelayEnv> = {}): Promise<Response> {
  return worker.fetch(request, { ...env, ...vars });
}

export function post(tok: string, body: string, headers: Record<string, string> = {}, vars = {}) {
  return call(new Request(`${ORIGIN}/u/${tok}`, { method: "POST", body, headers }), vars);
}

export function notification(tok: string, n: number) {
  return post(tok, JSON.stringify({ n }), {
    "Twitch-Eventsub-Message-Type": "notification",
    "Twitch-Eventsub-Message-Id": `msg-${n}`,
  });
}

export interface Subscriber {
  socket: WebSocket;
  frames: EventFrame[];
  texts: string[];
  /** Resolves with the n-th frame (1-based), waiting for it if needed. */
  frame(n: number, timeoutMs?: number): Promise<EventFrame>;
  closed: Promise<{ code: number; reason: string }>;
  reply(result: Omit<DispatchResult, "type">): void;
}

export async function subscribe(tok: string, cursor?: number, vars = {}): Promise<Subscriber> {
  const query = cursor === undefined ? "" : `?cursor=${cursor}`;
  const res = await call(
    new Request(`${ORIGIN}/u/${tok}/subscribe${query}`, {
      headers: { Upgrade: "websocket", ...(await bearer(tok)) },
    }),
    vars,
  );
  const socket = res.webSocket;
  if (!socket) throw new Error(`no WebSocket: ${res.status} ${await res.text()}`);
  const frames: EventFrame[] = [];
  const texts: string[] = [];
  const waiters: (() => void)[] = [];
  socket.addEventListener("message", (event) => {
    const data = event.data as string;
    texts.push(data);
    if (data.startsWith("{")) frames.push(JSON.parse(data) as EventFrame);
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.addEventListener("close", (event) => resolve({ code: event.code, reason: event.reason }));
  });
  socket.accept();
  return {
    socket,
    frames,
    texts,
    closed,
    async frame(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (frames.length < n) {
        if (Date.now() > deadline) throw new Error(`frame ${n} never came (have ${frames.length})`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return frames[n - 1] as EventFrame;
    },
    reply(result) {
      socket.send(JSON.stringify({ type: "dispatch_result", ...result }));
    },
  };
}

export const b64 = (s: string) => btoa(s);
export const unb64 = (s: string) => atob(s);
