import { describe, expect, test } from "bun:test";
import { parseIp } from "./ip.ts";
import { allowListEntryProblem, destinationProblem, parseAllowList } from "./outbound.ts";

const SETTING = "WEBHOOK_ALLOWED_HOSTS";
const LIST = parseAllowList(
  ["192.168.1.20", "nas.home.arpa", "10.0.0.0/8", "NAS2.Example.", "fd00::/8", "100.100.100.200"],
  SETTING,
);
const NONE = parseAllowList([], SETTING);

// [url, the address its host reached, allow-list, allowed, a fragment of the refusal]
type Case = [string, string, "none" | "list", boolean, string?];
const CASES: Case[] = [
  ["https://hooks.example.com/x", "93.184.215.14", "none", true],
  ["https://8.8.8.8/x", "8.8.8.8", "none", true],
  // https to anything but a public address is refused like http is.
  ["https://10.0.0.5/x", "10.0.0.5", "none", false, "points at 10.0.0.5, a private address: add 10.0.0.5"],
  ["https://127.0.0.1/x", "127.0.0.1", "none", false, "a loopback address (this machine)"],
  ["https://[::1]/x", "::1", "none", false, "points at [::1], a loopback address"],
  ["https://[fe80::1]/x", "fe80::1", "none", false, "a link-local address"],
  ["https://0.0.0.0/x", "0.0.0.0", "none", false, "an unspecified address"],
  ["https://224.0.0.1/x", "224.0.0.1", "none", false, "a multicast address"],
  ["https://255.255.255.255/x", "255.255.255.255", "none", false, "a broadcast address"],
  ["https://240.0.0.1/x", "240.0.0.1", "none", false, "a reserved address"],
  ["https://[::ffff:127.0.0.1]/x", "::ffff:127.0.0.1", "none", false, "a loopback address"],
  // A name is judged by what it resolves to, and the answer is not repeated back.
  ["https://intranet.example.com/x", "10.1.2.3", "none", false, "which resolves to a private address"],
  ["https://app.localhost/x", "127.0.0.1", "none", false, "app.localhost, which resolves to a loopback"],
  ["https://metadata.example/x", "169.254.169.254", "none", false, "a cloud metadata service"],
  ["https://169.254.169.254/x", "169.254.169.254", "none", false, "lists exactly 169.254.169.254"],
  // Plain http: only to what the list names.
  ["http://hooks.example.com/x", "93.184.215.14", "none", false, "is plain http to hooks.example.com"],
  ["http://8.8.8.8/x", "8.8.8.8", "none", false, "use https://, or add 8.8.8.8 to WEBHOOK_ALLOWED_HOSTS"],
  ["http://192.168.1.20:8080/x", "192.168.1.20", "list", true],
  ["http://192.168.1.21/x", "192.168.1.21", "list", false, "a private address: add 192.168.1.21"],
  ["http://10.9.8.7/x", "10.9.8.7", "list", true],
  ["http://[fd12::1]/x", "fd12::1", "list", true],
  ["http://[::ffff:10.1.1.1]/x", "::ffff:10.1.1.1", "list", true],
  ["http://nas.home.arpa/x", "192.168.50.2", "list", true],
  ["http://NAS.home.arpa./x", "192.168.50.2", "list", true],
  ["http://nas2.example/x", "8.8.4.4", "list", true],
  ["https://nas.home.arpa/x", "127.0.0.1", "list", true],
  ["http://printer.home.arpa/x", "192.168.50.3", "list", false, "add printer.home.arpa"],
  ["http://other.example/x", "10.20.30.40", "list", true], // resolves into a listed range
  ["http://other.example/x", "8.8.8.8", "list", false, "is plain http to other.example"],
  // Metadata stays shut unless its exact address is listed: not by a range, not by a name.
  ["https://169.254.169.254/x", "169.254.169.254", "list", false, "the cloud metadata service (AWS"],
  ["https://nas.home.arpa/x", "169.254.169.254", "list", false, "never allows that"],
  ["https://10.0.0.1/x", "::ffff:169.254.169.254", "list", false, "metadata"],
  ["http://100.100.100.200/x", "100.100.100.200", "list", true], // listed exactly
];

describe("where an outgoing request may go", () => {
  // A rest parameter: bun would read a fifth declared parameter as a `done` callback.
  test.each(CASES)(
    "%s reaching %s with %s allowed → %p",
    (...[url, address, list, allowed, fragment]: Case) => {
      const { protocol, hostname } = new URL(url);
      const problem = destinationProblem(
        { protocol: protocol as "http:" | "https:", host: hostname },
        parseIp(address) as NonNullable<ReturnType<typeof parseIp>>,
        list === "list" ? LIST : NONE,
      );
      if (allowed) expect(problem).toBeNull();
      else expect(problem).toContain(fragment ?? "");
    },
  );

  test("a refused name never shows the address it resolved to", () => {
    const problem = destinationProblem(
      { protocol: "https:", host: "intranet.example.com" },
      parseIp("10.1.2.3") as NonNullable<ReturnType<typeof parseIp>>,
      NONE,
    );
    expect(problem).toBe(
      "points at intranet.example.com, which resolves to a private address: add intranet.example.com to WEBHOOK_ALLOWED_HOSTS to allow it",
    );
  });
});

describe("the allow-list setting", () => {
  test.each([
    ["192.168.1.20", null],
    ["nas.home.arpa", null],
    ["10.0.0.0/8", null],
    ["fd00::/8", null],
    ["[::1]", null],
    ["my_host", null],
    ["10.0.0.0/33", "is not a CIDR range: write it like 10.0.0.0/8"],
    ["192.168.1.0/16", "has bits set past the /16: write 192.168.0.0/16"],
    ["*.home.arpa", "is a wildcard: list each host name"],
    ["http://nas.home.arpa", "without scheme or port"],
    ["nas.home.arpa:8080", "without scheme or port"],
    ["10.0.0", "is not a whole IPv4 address"],
    ["nas home", "is not a host name, an IP address or a CIDR range"],
  ])("%p → %p", (entry, fragment) => {
    const problem = allowListEntryProblem(entry);
    if (fragment === null) expect(problem).toBeNull();
    else expect(problem).toContain(fragment);
  });

  test("names are kept lowercase without the trailing dot; addresses and ranges as ranges", () => {
    expect([...LIST.names]).toEqual(["nas.home.arpa", "nas2.example"]);
    expect(LIST.ranges.map((r) => r.prefix)).toEqual([32, 8, 8, 32]);
    expect(() => parseAllowList(["10.0.0.0/33"], SETTING)).toThrow(/^WEBHOOK_ALLOWED_HOSTS: "10.0.0.0\/33"/);
  });
});
