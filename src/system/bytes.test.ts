import { describe, expect, test } from "bun:test";
import { formatBytes } from "./bytes.ts";

describe("formatBytes", () => {
  test.each([
    [0, "0 B"],
    [512, "512 B"],
    [1023, "1023 B"],
    [1024, "1 KiB"],
    [1536, "1.5 KiB"],
    [2 * 2 ** 30, "2 GiB"],
    [1.25 * 2 ** 30, "1.2 GiB"],
    // Rounded down: just under a 2 GiB floor never reads as "2 GiB".
    [2 * 2 ** 30 - 1, "1.9 GiB"],
    [250 * 2 ** 30, "250 GiB"],
    [3.5 * 2 ** 40, "3.5 TiB"],
    [2 ** 60, "1024 PiB"],
  ])("%p bytes → %p", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  test.each([
    [2 * 2 ** 30 + Math.floor(0.05 * 2 * 2 ** 30), "2.1 GiB"],
    [2 * 2 ** 30 + 1, "2.1 GiB"],
    [2 * 2 ** 30, "2 GiB"],
    [1000.5, "1001 B"],
  ])("a target to reach rounds up: %p bytes → %p", (bytes, text) => {
    expect(formatBytes(bytes, "up")).toBe(text);
  });
});
