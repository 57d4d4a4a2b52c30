/**
 * IP addresses as bytes, CIDR ranges, and what kind of place an address is. Pure: no DNS, no sockets.
 * The outgoing-request policy (`outbound.ts`) refuses every class but `public` unless it is allowed.
 */

export interface Ip {
  version: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: readonly number[];
}

export interface Cidr {
  ip: Ip;
  prefix: number;
}

export type AddressClass =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "metadata"
  | "unspecified"
  | "broadcast"
  | "multicast"
  | "reserved";

/**
 * Cloud metadata services: they hand out the machine's cloud credentials to whoever asks from inside, the
 * classic target of a server-side request forgery.
 */
export const METADATA_ADDRESSES: readonly { address: string; service: string }[] = [
  { address: "169.254.169.254", service: "AWS, Google Cloud, Azure, OpenStack, Oracle, DigitalOcean" },
  { address: "169.254.170.2", service: "AWS ECS task credentials" },
  { address: "fd00:ec2::254", service: "AWS, over IPv6" },
  { address: "100.100.100.200", service: "Alibaba Cloud" },
  { address: "168.63.129.16", service: "Azure WireServer" },
];

/** Strict dotted-quad IPv4 (no shorthand, no leading zeros: `010` reads as octal elsewhere). */
export function parseIpv4(text: string): Ip | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p))) return null;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? { version: 4, bytes } : null;
}

/** IPv6 in any textual form (compressed, with a dotted IPv4 tail); zone ids (`%eth0`) are refused. */
export function parseIpv6(text: string): Ip | null {
  if (!/^[0-9a-f:.]+$/i.test(text)) return null;
  let head = text;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) return null;
    const [a, b, c, d] = v4.bytes as [number, number, number, number];
    tail = [(a << 8) | b, (c << 8) | d];
    head = text.slice(0, lastColon + 1);
    if (head.endsWith(":") && !head.endsWith("::")) head = head.slice(0, -1);
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const before = groups(halves[0] ?? "");
  const after = [...groups(halves[1] ?? ""), ...tail.map((g) => g.toString(16))];
  if (![...before, ...after].every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  const missing = 8 - before.length - after.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const words = [...before, ...new Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...after];
  return {
    version: 6,
    bytes: words.flatMap((w) => [Number.parseInt(w, 16) >> 8, Number.parseInt(w, 16) & 255]),
  };
}

/** An address in either family; IPv6 may come in URL brackets. */
export function parseIp(text: string): Ip | null {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  return parseIpv4(bare) ?? parseIpv6(bare);
}

/** `10.0.0.0/8`, `fd00::/8`, or a plain address (a range of one). Host bits past the prefix are refused. */
export function parseCidr(text: string): Cidr | { problem: string } | null {
  const [address = "", prefixText, ...rest] = text.split("/");
  const ip = parseIp(address);
  if (!ip || rest.length > 0) return null;
  const width = ip.bytes.length * 8;
  if (prefixText === undefined) return { ip, prefix: width };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > width) return null;
  const prefix = Number(prefixText);
  const base = masked(ip, prefix);
  if (base.bytes.some((b, i) => b !== ip.bytes[i])) {
    return { problem: `${text} has bits set past the /${prefix}: write ${format(base)}/${prefix}` };
  }
  return { ip, prefix };
}

export function inCidr(cidr: Cidr, ip: Ip): boolean {
  const a = unwrapIpv4(ip);
  const b = unwrapIpv4(cidr.ip);
  if (a.version !== b.version) return false;
  return sameIp(masked(a, cidr.prefix), masked(b, cidr.prefix));
}

export function sameIp(a: Ip, b: Ip): boolean {
  const [x, y] = [unwrapIpv4(a), unwrapIpv4(b)];
  return x.version === y.version && x.bytes.every((byte, i) => byte === y.bytes[i]);
}

/**
 * The IPv4 address an IPv6 one stands for when packets really go there: IPv4-mapped (`::ffff:a.b.c.d`, the
 * socket's own IPv4) and the NAT64 well-known prefix (`64:ff9b::/96`, translated by the network).
 */
export function unwrapIpv4(ip: Ip): Ip {
  if (ip.version === 4) return ip;
  const b = ip.bytes;
  const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  const nat64 =
    b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b[0] === 0 && b.slice(4, 12).every((x) => x === 0);
  return mapped || nat64 ? { version: 4, bytes: b.slice(12) } : ip;
}

const V4: [string, AddressClass][] = [
  ["0.0.0.0/8", "unspecified"],
  ["127.0.0.0/8", "loopback"],
  ["10.0.0.0/8", "private"],
  ["172.16.0.0/12", "private"],
  ["192.168.0.0/16", "private"],
  ["100.64.0.0/10", "private"], // carrier-grade NAT (RFC 6598)
  ["169.254.0.0/16", "link-local"],
  ["255.255.255.255/32", "broadcast"],
  ["224.0.0.0/4", "multicast"],
  ["240.0.0.0/4", "reserved"],
  ["192.0.0.0/24", "reserved"], // IETF protocol assignments
  ["192.0.2.0/24", "reserved"], // documentation
  ["198.51.100.0/24", "reserved"], // documentation
  ["203.0.113.0/24", "reserved"], // documentation
  ["198.18.0.0/15", "reserved"], // benchmarking
];

const V6: [string, AddressClass][] = [
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["::/96", "reserved"], // IPv4-compatible, deprecated
  ["64:ff9b:1::/48", "reserved"], // local-use NAT64
  ["100::/64", "reserved"], // discard
  ["2001:db8::/32", "reserved"], // documentation
  ["fc00::/7", "private"], // unique local
  ["fec0::/10", "private"], // site-local, deprecated
  ["fe80::/10", "link-local"],
  ["ff00::/8", "multicast"],
];

const table = (rows: [string, AddressClass][]) =>
  rows.map(([text, cls]) => [parseCidr(text) as Cidr, cls] as const);
const V4_TABLE = table(V4);
const V6_TABLE = table(V6);
const METADATA = METADATA_ADDRESSES.map((m) => parseIp(m.address) as Ip);

/** What kind of place `ip` is; anything not named is `public`. */
export function classifyIp(ip: Ip): AddressClass {
  if (METADATA.some((m) => sameIp(m, ip))) return "metadata";
  const effective = unwrapIpv4(ip);
  if (effective.version === 4) return V4_TABLE.find(([cidr]) => inCidr(cidr, effective))?.[1] ?? "public";
  // 6to4 (2002::/16) carries an IPv4 address that a relay delivers to: judge that one.
  if (effective.bytes[0] === 0x20 && effective.bytes[1] === 0x02) {
    const inner = classifyIp({ version: 4, bytes: effective.bytes.slice(2, 6) });
    if (inner !== "public") return inner;
  }
  return V6_TABLE.find(([cidr]) => inCidr(cidr, effective))?.[1] ?? "public";
}

/** The service behind a metadata address, for messages. */
export function metadataService(ip: Ip): string | undefined {
  const i = METADATA.findIndex((m) => sameIp(m, ip));
  return i < 0 ? undefined : METADATA_ADDRESSES[i]?.service;
}

function masked(ip: Ip, prefix: number): Ip {
  const bytes = ip.bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  return { version: ip.version, bytes };
}

/** Dotted quad, or IPv6 as the URL parser writes it (compressed, lowercase). */
export function format(ip: Ip): string {
  if (ip.version === 4) return ip.bytes.join(".");
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2)
    words.push((((ip.bytes[i] ?? 0) << 8) | (ip.bytes[i + 1] ?? 0)).toString(16));
  return new URL(`http://[${words.join(":")}]/`).hostname.slice(1, -1);
}
