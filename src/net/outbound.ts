import {
  type AddressClass,
  type Cidr,
  classifyIp,
  format,
  type Ip,
  inCidr,
  metadataService,
  parseCidr,
  parseIp,
  sameIp,
} from "./ip.ts";

/**
 * Where the server may send a request to a URL someone typed: https to a public address; anything on this
 * machine, the local network or the cloud's internal services only when the allow-list names it; plain http
 * only to an allow-listed destination (the receiver without a certificate on the LAN is what it is for).
 * Pure: the caller resolves names (`pinned-fetch.ts`) and asks about each address.
 */

/** Destinations opened by configuration (`WEBHOOK_ALLOWED_HOSTS`): host names, addresses and ranges. */
export interface AllowList {
  /** The setting that fills it, named in every refusal so the fix is one step away. */
  setting: string;
  /** Lowercase, without a trailing dot. A name allows whatever it resolves to (metadata aside). */
  names: ReadonlySet<string>;
  /** Addresses (a range of one) and CIDR ranges. */
  ranges: readonly Cidr[];
}

export const emptyAllowList = (setting: string): AllowList => ({ setting, names: new Set(), ranges: [] });

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** What is wrong with one allow-list entry, with the fix; null when it is a name, an address or a range. */
export function allowListEntryProblem(entry: string): string | null {
  const text = entry.trim().toLowerCase();
  if (text.includes("://") || (/:\d+$/.test(text) && !parseIp(text)))
    return `"${entry}" is more than a host: give the name or address only, without scheme or port`;
  if (text.includes("/")) {
    const cidr = parseCidr(text);
    if (cidr && "problem" in cidr) return cidr.problem;
    return cidr ? null : `"${entry}" is not a CIDR range: write it like 10.0.0.0/8 or fd00::/8`;
  }
  if (parseIp(text)) return null;
  if (/^[\d.]+$/.test(text))
    return `"${entry}" is not a whole IPv4 address: write all four parts, e.g. 192.168.1.20`;
  if (text.includes("*")) return `"${entry}" is a wildcard: list each host name`;
  if (!HOST_NAME.test(normalName(text)))
    return `"${entry}" is not a host name, an IP address or a CIDR range (e.g. nas.home.arpa, 192.168.1.20, 10.0.0.0/8)`;
  return null;
}

/** The allow-list from its entries. @throws Error naming the first bad entry (config checks them first) */
export function parseAllowList(entries: readonly string[], setting: string): AllowList {
  const names = new Set<string>();
  const ranges: Cidr[] = [];
  for (const raw of entries) {
    const problem = allowListEntryProblem(raw);
    if (problem) throw new Error(`${setting}: ${problem}`);
    const text = raw.trim().toLowerCase();
    const cidr = parseCidr(text);
    if (cidr && !("problem" in cidr)) ranges.push(cidr);
    else names.add(normalName(text));
  }
  return { setting, names, ranges };
}

/** Host names compare lowercase, without the root's trailing dot. */
export function normalName(host: string): string {
  return host.toLowerCase().replace(/\.$/, "");
}

/** Where a request is going, as the URL says. */
export interface Destination {
  protocol: "http:" | "https:";
  /** URL.hostname: a name, or an IP literal (IPv6 in brackets). */
  host: string;
}

/**
 * Why a request to `dest` must not reach `address` (one of what its host resolves to, or the literal
 * itself), or null when it may. Metadata addresses open only when that exact address is listed: not by a
 * range that happens to cover them (10.0.0.0/8-style lists are written for receivers, not for the cloud's
 * credential service) and not by a host name (whose answers can change under us: rebinding, a hijacked zone).
 */
export function destinationProblem(dest: Destination, address: Ip, allow: AllowList): string | null {
  const literal = parseIp(dest.host) !== null;
  const host = literal ? dest.host : normalName(dest.host);
  const cls = classifyIp(address);
  const exact = allow.ranges.some((r) => r.prefix === r.ip.bytes.length * 8 && sameIp(r.ip, address));
  const inRange = allow.ranges.some((r) => inCidr(r, address));
  const byName = !literal && allow.names.has(host);
  const allowed = cls === "metadata" ? exact : inRange || byName;
  if (allowed) return null;
  // A name's answers are not shown: only the class, which is all the owner needs to act.
  const where = literal ? `points at ${host},` : `points at ${host}, which resolves to`;
  if (cls === "metadata") {
    const service = metadataService(address) ?? "a cloud";
    return literal
      ? `${where} the cloud metadata service (${service}): it stays refused unless ${allow.setting} lists exactly ${format(address)}`
      : `${where} a cloud metadata service: a host name on ${allow.setting} never allows that; only the exact address listed does`;
  }
  if (cls !== "public") return `${where} ${CLASS_WORDS[cls]}: add ${host} to ${allow.setting} to allow it`;
  return dest.protocol === "http:" ? plainHttpProblem(host, allow) : null;
}

/** Plain http where nothing allows it: whatever the request carries travels in clear. */
export function plainHttpProblem(host: string, allow: AllowList): string {
  return `is plain http to ${host}, readable by anyone on the way: use https://, or add ${host} to ${allow.setting} if it is a receiver on your network`;
}

const CLASS_WORDS: Record<Exclude<AddressClass, "public" | "metadata">, string> = {
  loopback: "a loopback address (this machine)",
  private: "a private address",
  "link-local": "a link-local address",
  unspecified: "an unspecified address",
  broadcast: "a broadcast address",
  multicast: "a multicast address",
  reserved: "a reserved address",
};
