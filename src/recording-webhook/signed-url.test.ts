import { describe, expect, test } from "bun:test";
import { PartDownloadSigner } from "./signed-url.ts";

describe("signed part-download URLs", () => {
  let now = 1_800_000_000_000;
  const signer = new PartDownloadSigner("a-session-secret-of-sufficient-length", () => now);
  const parse = (path: string) => {
    const url = new URL(path, "http://x");
    return { exp: url.searchParams.get("exp") ?? undefined, sig: url.searchParams.get("sig") ?? undefined };
  };

  test("a URL verifies for its own part until it expires", () => {
    const { exp, sig } = parse(signer.path(12, 0, 60));
    expect(signer.verify(12, 0, exp, sig)).toBe(true);
    now += 59_000;
    expect(signer.verify(12, 0, exp, sig)).toBe(true);
    now += 1_000;
    expect(signer.verify(12, 0, exp, sig)).toBe(false);
  });

  test.each([
    ["another video", 13, 0, undefined, undefined],
    ["another part", 12, 1, undefined, undefined],
    ["a stretched expiry", 12, 0, "9999999999", undefined],
    ["no expiry", 12, 0, "", undefined],
    ["a junk expiry", 12, 0, "12abc", undefined],
    ["a truncated signature", 12, 0, undefined, "abc"],
  ])("refuses %s", (_name, video, part, exp, sig) => {
    const given = parse(signer.path(12, 0, 60));
    expect(signer.verify(video, part, exp ?? given.exp, sig ?? given.sig)).toBe(false);
  });

  test("another secret's URLs do not verify", () => {
    const other = new PartDownloadSigner("another-session-secret-of-sufficient-length", () => now);
    const { exp, sig } = parse(other.path(12, 0, 60));
    expect(signer.verify(12, 0, exp, sig)).toBe(false);
  });
});
