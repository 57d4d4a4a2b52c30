import { describe, expect, test } from "bun:test";
import { localUrl } from "./local-url.ts";

describe("localUrl", () => {
  test.each([
    ["0.0.0.0", 8080, "http://localhost:8080"],
    ["::", 8080, "http://localhost:8080"],
    ["[::]", 8080, "http://localhost:8080"],
    ["", 8080, "http://localhost:8080"],
    ["127.0.0.1", 9000, "http://127.0.0.1:9000"],
    ["192.0.2.10", 80, "http://192.0.2.10:80"],
    ["::1", 8080, "http://[::1]:8080"],
    ["[::1]", 8080, "http://[::1]:8080"],
    ["replayd.lan", 8080, "http://replayd.lan:8080"],
  ])("%s:%d is opened at %s", (hostname, port, url) => {
    expect(localUrl(hostname, port)).toBe(url);
  });
});
