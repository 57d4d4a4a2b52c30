import { describe, expect, test } from "bun:test";
import { DemoHostError, demoAddresses, demoListen } from "./demo-host.ts";

describe("demoListen", () => {
  test.each([
    ["0.0.0.0", "0.0.0.0", "127.0.0.1", true],
    ["::", "::", "[::1]", true],
    ["[::]", "::", "[::1]", true],
    ["127.0.0.1", "127.0.0.1", "127.0.0.1", false],
    ["127.0.0.2", "127.0.0.2", "127.0.0.2", false],
    ["localhost", "localhost", "localhost", false],
    ["::1", "::1", "[::1]", false],
  ])("--host %s binds %s; the simulator calls back on %s", (given, host, callbackHost, everyInterface) => {
    expect(demoListen(given)).toEqual({ host, callbackHost, everyInterface });
  });

  test.each(["192.0.2.10", "replayd.lan", "fe80::1"])("--host %s is refused, naming the option", (host) => {
    expect(() => demoListen(host)).toThrow(DemoHostError);
    expect(() => demoListen(host)).toThrow(`--host ${host}: expected 0.0.0.0 or ::`);
  });
});

describe("demoAddresses", () => {
  const interfaces = {
    lo: [{ address: "127.0.0.1", family: "IPv4", internal: true }],
    eth0: [
      { address: "192.0.2.10", family: "IPv4", internal: false },
      { address: "2001:db8::10", family: "IPv6", internal: false },
    ],
    wlan0: [{ address: "198.51.100.7", family: "IPv4", internal: false }],
  } as unknown as Parameters<typeof demoAddresses>[2];

  test("bound to every interface: localhost here, each LAN address from elsewhere", () => {
    expect(demoAddresses(demoListen("0.0.0.0"), 8080, interfaces)).toEqual({
      local: "http://localhost:8080",
      remote: ["http://192.0.2.10:8080", "http://198.51.100.7:8080"],
    });
  });

  test("bound to loopback: that address only", () => {
    expect(demoAddresses(demoListen("127.0.0.1"), 8080, interfaces)).toEqual({
      local: "http://127.0.0.1:8080",
      remote: [],
    });
  });
});
