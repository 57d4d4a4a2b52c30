import { createLogger } from "../../src/log/logger.ts";
import type { SimClock } from "../../src/sim/clock.ts";
import { createSimulator, type Simulator } from "../../src/sim/server.ts";

/** Helpers for the simulator's API-half tests: a clock the test steps, tokens, Helix calls and a webhook receiver. */

export interface ManualClock extends SimClock {
  advance(ms: number): void;
}

export function manualClock(start = Date.UTC(2026, 3, 12, 12, 0, 0)): ManualClock {
  let now = start;
  return {
    now: () => now,
    warp: 1,
    realDelayUntil: (at) => Math.max(0, at - now),
    advance: (ms) => {
      now += ms;
    },
  };
}

export const quietLog = createLogger({ level: "fatal", format: "json" });
export const CLIENT_ID = "sim-test-client";
export const CLIENT_SECRET = "sim-test-secret";

export interface TestSim {
  sim: Simulator;
  clock: ManualClock;
  request(path: string, init?: RequestInit): Promise<Response>;
  /** POSTs a form to an /oauth2 endpoint. */
  form(path: string, fields: Record<string, string>): Promise<Response>;
  appToken(clientId?: string): Promise<string>;
  /** Signs in through /oauth2/authorize and exchanges the code. */
  userToken(options?: { login?: string; scopes?: string[]; clientId?: string }): Promise<UserTokens>;
  /** A Helix GET (or other method) with Client-Id and Bearer headers. */
  helix(path: string, token: string, init?: RequestInit & { clientId?: string }): Promise<Response>;
  close(): void;
}

export interface UserTokens {
  access_token: string;
  refresh_token: string;
  scope: string[];
  expires_in: number;
}

export function testSim(
  options: { clientId?: string; clientSecret?: string; fixture?: boolean; seed?: number } = {},
): TestSim {
  const clock = manualClock();
  const sim = createSimulator({ log: quietLog, seed: options.seed ?? 7, clock, ...options });
  const request = (path: string, init?: RequestInit) => Promise.resolve(sim.app.request(path, init));
  const form = (path: string, fields: Record<string, string>) =>
    request(path, { method: "POST", body: new URLSearchParams(fields) });
  return {
    sim,
    clock,
    request,
    form,
    async appToken(clientId = CLIENT_ID) {
      const res = await form("/oauth2/token", {
        client_id: clientId,
        client_secret: CLIENT_SECRET,
        grant_type: "client_credentials",
      });
      return ((await res.json()) as { access_token: string }).access_token;
    },
    async userToken({ login, scopes = [], clientId = CLIENT_ID } = {}) {
      const redirect = "http://127.0.0.1:9/callback";
      const query = new URLSearchParams({
        client_id: clientId,
        redirect_uri: redirect,
        response_type: "code",
        scope: scopes.join(" "),
        state: "s",
        ...(login ? { login } : {}),
      });
      const authorized = await request(`/oauth2/authorize?${query}`);
      const code = new URL(authorized.headers.get("location") ?? "").searchParams.get("code") ?? "";
      const res = await form("/oauth2/token", {
        client_id: clientId,
        client_secret: CLIENT_SECRET,
        grant_type: "authorization_code",
        code,
        redirect_uri: redirect,
      });
      return (await res.json()) as UserTokens;
    },
    helix(path, token, init = {}) {
      const { clientId = CLIENT_ID, ...rest } = init;
      const headers = new Headers(rest.headers);
      headers.set("Client-Id", clientId);
      headers.set("Authorization", `Bearer ${token}`);
      return request(`/helix${path}`, { ...rest, headers });
    },
    close: () => sim.close(),
  };
}

export interface ReceivedMessage {
  id: string;
  retry: number;
  type: string;
  timestamp: string;
  signature: string;
  subscriptionType: string;
  subscriptionVersion: string;
  contentType: string;
  raw: string;
  body: { challenge?: string; subscription: { id: string; status: string; type: string }; event?: unknown };
  /** performance.now() when it arrived. */
  at: number;
}

export interface Receiver {
  url: string;
  messages: ReceivedMessage[];
  /** Resolves with the first message (already received or arriving) that matches, or rejects after timeoutMs. */
  waitFor(match: (m: ReceivedMessage) => boolean, timeoutMs?: number): Promise<ReceivedMessage>;
  stop(): Promise<void>;
}

/**
 * A real EventSub webhook receiver on loopback. By default it echoes challenges as text/plain and answers
 * other messages 204; `respond` overrides that per message.
 */
export function startReceiver(
  respond?: (m: ReceivedMessage) => Response | Promise<Response> | undefined,
): Receiver {
  const messages: ReceivedMessage[] = [];
  const waiters = new Set<(m: ReceivedMessage) => void>();
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const raw = await req.text();
      const h = (name: string) => req.headers.get(`twitch-eventsub-${name}`) ?? "";
      const message: ReceivedMessage = {
        id: h("message-id"),
        retry: Number(h("message-retry")),
        type: h("message-type"),
        timestamp: h("message-timestamp"),
        signature: h("message-signature"),
        subscriptionType: h("subscription-type"),
        subscriptionVersion: h("subscription-version"),
        contentType: req.headers.get("content-type") ?? "",
        raw,
        body: JSON.parse(raw),
        at: performance.now(),
      };
      messages.push(message);
      for (const waiter of waiters) waiter(message);
      const custom = respond?.(message);
      if (custom) return custom;
      if (message.type === "webhook_callback_verification") {
        return new Response(message.body.challenge, { headers: { "Content-Type": "text/plain" } });
      }
      return new Response(null, { status: 204 });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/webhooks/callback`,
    messages,
    waitFor(match, timeoutMs = 5_000) {
      const already = messages.find(match);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching webhook within ${timeoutMs} ms; got ${messages.map((m) => m.type)}`));
        }, timeoutMs);
        const waiter = (m: ReceivedMessage) => {
          if (!match(m)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(m);
        };
        waiters.add(waiter);
      });
    },
    stop: () => server.stop(true),
  };
}
