import { z } from "zod";

/** Longest receiver URL we accept (beyond this it is not a hand-typed address). */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

/**
 * Where the recording webhook may post. https anywhere; plain http only to this machine or the local
 * network (a receiver on the LAN rarely has a certificate), never to the public internet where the
 * signature would travel in clear. Credentials in the URL are refused: they would be logged and shown.
 *
 * The http rule looks at the literal host only: names are not resolved (DNS is out of scope), so a name is
 * local only when it is `localhost` or under `.localhost`, `.local` (mDNS) or `.home.arpa` (RFC 8375).
 * Link-local addresses (169.254/16, fe80::/10) are refused over http: 169.254.169.254 is the cloud metadata
 * service, the classic target of a server-side request forgery.
 *
 * Returns what is wrong and how to fix it, or null when the URL is allowed.
 */
export function webhookUrlProblem(raw: string): string | null {
  if (raw.trim() === "")
    return "is empty: give the receiver's address, e.g. https://hooks.example.com/replayd";
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return `is longer than ${MAX_WEBHOOK_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return "is not a URL: write it in full, e.g. https://hooks.example.com/replayd";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return `uses ${url.protocol.replace(/:$/, "")}: use https://`;
  }
  if (url.username !== "" || url.password !== "") {
    return "contains a user name or password: remove them and authenticate with the signature header instead";
  }
  if (url.hostname === "") return "has no host: write it in full, e.g. https://hooks.example.com/replayd";
  if (url.protocol === "http:" && !isLocalHost(url.hostname)) {
    return `is plain http to ${url.hostname}, which is not this machine or the local network: use https://`;
  }
  return null;
}

/** The receiver URL as the API takes it: trimmed, and checked by the rules above. */
export const webhookUrlSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = webhookUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `url ${problem}` });
  });

/** Whether `hostname` (as URL.hostname gives it: IPv6 in brackets) names this machine or the LAN. */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[")) return isLocalIpv6(host.slice(1, -1));
  const v4 = parseIpv4(host);
  if (v4) return isLocalIpv4(v4);
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host.endsWith(".local") ||
    host.endsWith(".home.arpa")
  );
}

function parseIpv4(host: string): number[] | null {
  // URL has already normalised shorthand forms (127.1, 0x7f.1) into four decimal parts.
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

function isLocalIpv4([a, b]: number[]): boolean {
  return (
    a === 127 || // loopback
    a === 10 || // RFC 1918
    (a === 172 && b !== undefined && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  );
}

function isLocalIpv6(host: string): boolean {
  const groups = expandIpv6(host);
  if (!groups) return false;
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return true; // ::1
  // IPv4-mapped (::ffff:a.b.c.d): the IPv4 rules apply.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi, lo] = [groups[6] ?? 0, groups[7] ?? 0];
    return isLocalIpv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  }
  return ((groups[0] ?? 0) & 0xfe00) === 0xfc00; // fc00::/7, unique local addresses
}

/** Eight 16-bit groups, or null. URL.hostname gives IPv6 in compressed hex form (no dotted tail). */
function expandIpv6(host: string): number[] | null {
  const halves = host.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === "" ? [] : s.split(":").map((g) => Number.parseInt(g, 16)));
  const head = parse(halves[0] ?? "");
  const tail = halves.length === 2 ? parse(halves[1] ?? "") : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}
