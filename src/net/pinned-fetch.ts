import { lookup } from "node:dns/promises";
import { checkServerIdentity, type PeerCertificate } from "node:tls";
import { parseIp } from "./ip.ts";
import { type AllowList, destinationProblem, normalName } from "./outbound.ts";

/** Answers for a host name, in the order to try them (the system's `getaddrinfo`, or a test's). */
export type Resolver = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

export const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** How outgoing requests to typed URLs are checked and made. */
export interface OutboundPolicy {
  allow: AllowList;
  /** The system resolver unless given (tests answer for their own names). */
  resolve?: Resolver;
  /** Tests only: the certificate authority that signed a test receiver's certificate, trusted instead of the system's. */
  trustCa?: string;
}

/** The destination is not allowed: a URL problem the owner can fix, not a network failure. */
export class DestinationRefused extends Error {
  override name = "DestinationRefused";
  /** For the server log only: what the name resolved to. */
  readonly detail: string;
  constructor(problem: string, detail: string) {
    super(problem);
    this.detail = detail;
  }
}

/** Errors that mean no connection was made, so nothing was sent: the next address may be tried. */
const NOT_CONNECTED = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

/**
 * `fetch` to a URL someone typed, that reaches only what the policy allows. The host is resolved once and
 * every answer checked; the request then goes to a checked address itself (`http://<ip>:<port>/…` with the
 * Host header), so a second resolution at connect time cannot swap in another address (DNS rebinding). Over
 * https the TLS name (SNI) and the certificate check still use the host name, not the address.
 * An IP literal is checked as is and fetched as is. Redirects are the caller's to refuse (`redirect: "manual"`).
 * @throws DestinationRefused, or what fetch and the resolver throw (the caller logs those, the owner sees less)
 */
export async function pinnedFetch(
  url: string,
  init: RequestInit & { signal: AbortSignal },
  policy: OutboundPolicy,
): Promise<Response> {
  const target = new URL(url);
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw new DestinationRefused(`uses ${target.protocol.replace(/:$/, "")}: use https://`, url);
  }
  const dest = { protocol: target.protocol, host: target.hostname } as const;
  const literal = parseIp(target.hostname);
  const tls = policy.trustCa ? { ca: policy.trustCa } : undefined;
  if (literal) {
    const problem = destinationProblem(dest, literal, policy.allow);
    if (problem) throw new DestinationRefused(problem, target.hostname);
    return fetch(target.href, { ...init, ...(tls ? { tls } : {}) });
  }

  const name = normalName(target.hostname);
  const answers = await abortable((policy.resolve ?? systemResolver)(name), init.signal);
  const addresses = answers.flatMap((a) => {
    const ip = parseIp(a.address);
    return ip ? [{ text: a.address, ip }] : [];
  });
  if (addresses.length === 0) throw Object.assign(new Error(`${name} has no address`), { code: "ENOTFOUND" });
  // Every answer must pass: a name that mixes a public address with a private one is refused whole.
  for (const { text, ip } of addresses) {
    const problem = destinationProblem(dest, ip, policy.allow);
    if (problem) throw new DestinationRefused(problem, `${name} resolves to ${text}`);
  }

  const headers = new Headers(init.headers);
  headers.set("Host", target.host);
  const port = target.port || (target.protocol === "https:" ? "443" : "80");
  const pinnedInit: RequestInit = {
    ...init,
    headers,
    ...(target.protocol === "https:"
      ? {
          // Verified against the name the owner typed (Bun checks serverName by default; the explicit check
          // keeps that true whatever the default). No keep-alive: a pooled connection is never reused for
          // another name that happens to share the address.
          tls: {
            ...tls,
            serverName: name,
            checkServerIdentity: (_host: string, cert: PeerCertificate) => checkServerIdentity(name, cert),
          },
          keepalive: false,
        }
      : {}),
  };
  let lastError: unknown;
  for (const { text, ip } of addresses) {
    const host = ip.version === 6 ? `[${text}]` : text;
    try {
      return await fetch(`${target.protocol}//${host}:${port}${target.pathname}${target.search}`, pinnedInit);
    } catch (err) {
      lastError = err;
      if (init.signal.aborted || !NOT_CONNECTED.has((err as { code?: string }).code ?? "")) throw err;
    }
  }
  throw lastError;
}

/** A resolution that gives up when the request's time runs out (`getaddrinfo` itself cannot be cancelled). */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}
