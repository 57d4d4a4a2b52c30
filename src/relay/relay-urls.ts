import { createHash } from "node:crypto";

/** Where the relay client connects and what it replays into. */
export interface RelayUrls {
  /** Twitch's EventSub callback: https://<relay>/u/<token>. */
  ingest: string;
  /** The WebSocket the client dials: wss://<relay>/u/<token>/subscribe. */
  subscribe: string;
  /** The local webhook receiver, loopback only; null: derived from where the server listens. */
  localCallback: string | null;
  /** Names this relay and token in the cursor table, without storing the token. */
  key: string;
  /** Opens the subscribe WebSocket (sent as `Authorization: Bearer`, never in a URL). */
  subscribeKey: string;
}

export const LOCAL_CALLBACK_PATH = "/api/v1/webhook/callback";
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;
/** What `relay/scripts/credentials.mjs` prints: 32 bytes, base64url. */
const SUBSCRIBE_KEY = /^[A-Za-z0-9_-]{43}$/;

export class RelayUrlError extends Error {}

export function isLoopbackHost(hostname: string): boolean {
  return ["localhost", "[::1]", "::1"].includes(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Checks the relay settings together: the ingest URL names a relay token; the subscribe URL (derived when
 * empty) is on the same host with the same token, over wss:// unless the relay is on loopback; the local
 * callback is our receiver on loopback and not the ingest URL (which would loop); the subscribe key has
 * the shape the relay mints. Errors name the variable.
 */
export function resolveRelayUrls(input: {
  ingest: string;
  subscribe: string;
  local: string;
  subscribeKey: string;
}): RelayUrls {
  if (!input.ingest)
    throw new RelayUrlError("SERVER_MODE=relay needs RELAY_INGEST_URL (https://<relay>/u/<token>)");
  const ingest = parse("RELAY_INGEST_URL", input.ingest);
  const token = /^\/u\/([^/]+)$/.exec(ingest.pathname)?.[1];
  if (!token || !TOKEN.test(token)) {
    throw new RelayUrlError(
      `RELAY_INGEST_URL must look like https://<relay>/u/<token> (token: 16-128 of A-Z a-z 0-9 _ -)`,
    );
  }
  const loopbackRelay = isLoopbackHost(ingest.hostname);
  const derived = `${ingest.protocol === "https:" ? "wss:" : "ws:"}//${ingest.host}/u/${token}/subscribe`;
  const subscribe = parse("RELAY_SUBSCRIBE_URL", input.subscribe || derived);
  if (subscribe.protocol !== "wss:" && !(subscribe.protocol === "ws:" && loopbackRelay)) {
    throw new RelayUrlError("RELAY_SUBSCRIBE_URL must use wss:// (ws:// only for a relay on loopback)");
  }
  if (subscribe.host !== ingest.host || subscribe.pathname !== `/u/${token}/subscribe` || subscribe.search) {
    throw new RelayUrlError(
      `RELAY_SUBSCRIBE_URL must be on the ingest URL's host with the same token: wss://${ingest.host}/u/<token>/subscribe`,
    );
  }
  let localCallback: string | null = null;
  if (input.local) {
    const local = parse("RELAY_LOCAL_CALLBACK_URL", input.local);
    if (!["http:", "https:"].includes(local.protocol) || !isLoopbackHost(local.hostname)) {
      throw new RelayUrlError(
        "RELAY_LOCAL_CALLBACK_URL must be an http:// URL on loopback (127.0.0.1 or localhost)",
      );
    }
    if (local.pathname !== LOCAL_CALLBACK_PATH || local.search || local.hash) {
      throw new RelayUrlError(`RELAY_LOCAL_CALLBACK_URL must end in ${LOCAL_CALLBACK_PATH}, with no query`);
    }
    if (local.href === ingest.href) {
      throw new RelayUrlError("RELAY_LOCAL_CALLBACK_URL is the ingest URL: the relay would post to itself");
    }
    localCallback = local.href;
  }
  const subscribeKey = input.subscribeKey.trim();
  if (!SUBSCRIBE_KEY.test(subscribeKey)) {
    throw new RelayUrlError(
      `RELAY_SUBSCRIBE_KEY is ${subscribeKey ? "not a relay subscribe key (43 characters of A-Z a-z 0-9 _ -)" : "missing"}: ` +
        "use the one printed with the ingest URL by `node scripts/credentials.mjs` (relay/README.md, step 5)",
    );
  }
  const key = createHash("sha256").update(`${ingest.host}/u/${token}`).digest("hex").slice(0, 32);
  return { ingest: ingest.href, subscribe: subscribe.href, localCallback, key, subscribeKey };
}

/** The local callback when none is configured: loopback on the port the server listens on. */
export function defaultLocalCallback(serverUrl: string): string {
  const url = new URL(serverUrl);
  const host = ["0.0.0.0", "[::]", "::"].includes(url.hostname) ? "127.0.0.1" : url.hostname;
  if (!isLoopbackHost(host)) {
    throw new RelayUrlError(
      `replayd listens on ${url.hostname}, not on loopback: set HOST=0.0.0.0 or RELAY_LOCAL_CALLBACK_URL`,
    );
  }
  return `http://${host}:${url.port}${LOCAL_CALLBACK_PATH}`;
}

function parse(name: string, value: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new RelayUrlError(`${name} is not a URL: ${redactToken(value)}`);
  }
}

/** A relay URL for logs: the token is a credential. */
export function redactToken(url: string): string {
  return url.replace(/\/u\/[^/?#]+/, "/u/REDACTED");
}
