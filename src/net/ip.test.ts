import { describe, expect, test } from "bun:test";
import { type AddressClass, classifyIp, format, inCidr, parseCidr, parseIp } from "./ip.ts";

// [address, class]: what kind of place each address is, as the outgoing-request policy sees it.
const CLASSES: [string, AddressClass][] = [
  ["8.8.8.8", "public"],
  ["1.1.1.1", "public"],
  ["172.15.255.255", "public"],
  ["172.32.0.1", "public"],
  ["100.63.255.255", "public"],
  ["100.128.0.0", "public"],
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["10.0.0.5", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["192.168.1.20", "private"],
  ["100.64.0.1", "private"], // carrier-grade NAT
  ["100.127.255.255", "private"],
  ["169.254.1.1", "link-local"],
  ["169.254.169.254", "metadata"],
  ["169.254.170.2", "metadata"],
  ["100.100.100.200", "metadata"],
  ["168.63.129.16", "metadata"],
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "unspecified"],
  ["255.255.255.255", "broadcast"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["240.0.0.1", "reserved"],
  ["192.0.2.1", "reserved"],
  ["198.18.0.1", "reserved"],
  ["2606:4700:4700::1111", "public"],
  ["::1", "loopback"],
  ["::", "unspecified"],
  ["fc00::1", "private"],
  ["fd12:3456::1", "private"],
  ["fe80::1", "link-local"],
  ["febf::1", "link-local"],
  ["fec0::1", "private"],
  ["fd00:ec2::254", "metadata"],
  ["ff02::1", "multicast"],
  ["2001:db8::1", "reserved"],
  ["::127.0.0.1", "reserved"], // IPv4-compatible, deprecated
  // IPv4-mapped and NAT64 addresses are judged by the IPv4 address they reach.
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  ["::ffff:10.1.2.3", "private"],
  ["::ffff:169.254.169.254", "metadata"],
  ["::ffff:8.8.8.8", "public"],
  ["64:ff9b::a9fe:a9fe", "metadata"],
  ["64:ff9b::10.0.0.1", "private"],
  ["64:ff9b::8.8.8.8", "public"],
  ["2002:c0a8:0101::1", "private"], // 6to4 around 192.168.1.1
  ["2002:0808:0808::1", "public"],
];

describe("what kind of place an address is", () => {
  test.each(CLASSES)("%s is %s", (address, cls) => {
    const ip = parseIp(address);
    expect(ip).not.toBeNull();
    expect(classifyIp(ip as NonNullable<typeof ip>)).toBe(cls);
  });
});

describe("reading addresses", () => {
  test.each([
    "1.2.3",
    "1.2.3.4.5",
    "256.0.0.1",
    "010.0.0.1",
    "0x7f.0.0.1",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7::8",
    "fe80::1%eth0",
    "::ffff:1.2.3",
    "",
    "example.com",
  ])("%p is not an address", (text) => {
    expect(parseIp(text)).toBeNull();
  });

  test("IPv6 in URL brackets, with an IPv4 tail, and written back as the URL parser writes it", () => {
    expect(format(parseIp("[::1]") as NonNullable<ReturnType<typeof parseIp>>)).toBe("::1");
    expect(format(parseIp("::ffff:192.168.1.2") as NonNullable<ReturnType<typeof parseIp>>)).toBe(
      "::ffff:c0a8:102",
    );
    expect(format(parseIp("2001:0DB8:0:0:0:0:0:1") as NonNullable<ReturnType<typeof parseIp>>)).toBe(
      "2001:db8::1",
    );
  });

  test("a range contains its addresses, in either family, mapped IPv4 included", () => {
    const range = (t: string) => {
      const c = parseCidr(t);
      if (!c || "problem" in c) throw new Error(t);
      return c;
    };
    const ip = (t: string) => parseIp(t) as NonNullable<ReturnType<typeof parseIp>>;
    expect(inCidr(range("10.0.0.0/8"), ip("10.255.1.2"))).toBe(true);
    expect(inCidr(range("10.0.0.0/8"), ip("11.0.0.1"))).toBe(false);
    expect(inCidr(range("10.0.0.0/8"), ip("::ffff:10.1.2.3"))).toBe(true);
    expect(inCidr(range("192.168.1.20"), ip("192.168.1.20"))).toBe(true);
    expect(inCidr(range("192.168.1.20"), ip("192.168.1.21"))).toBe(false);
    expect(inCidr(range("fd00::/8"), ip("fd12::1"))).toBe(true);
    expect(inCidr(range("fd00::/8"), ip("10.0.0.1"))).toBe(false);
    expect(inCidr(range("0.0.0.0/0"), ip("8.8.8.8"))).toBe(true);
    expect(parseCidr("192.168.1.0/16")).toEqual({
      problem: "192.168.1.0/16 has bits set past the /16: write 192.168.0.0/16",
    });
    expect(parseCidr("10.0.0.0/33")).toBeNull();
  });
});
