import { describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { rfc3339Nano, signatureMatches, signMessage } from "./signature.ts";

describe("EventSub signatures", () => {
  const id = "e76c6bd4-55c9-4987-8304-da1588d8988b";
  const timestamp = "2026-04-12T00:05:00.123456789Z";
  const body = '{"challenge":"pogchamp-kappa-360noscope-vohiyo"}';

  test("the HMAC covers id, timestamp and raw body, in that order", () => {
    const expected = createHmac("sha256", "s3cre7-secret").update(`${id}${timestamp}${body}`).digest("hex");
    expect(signMessage("s3cre7-secret", id, timestamp, body)).toBe(`sha256=${expected}`);
  });

  test.each([
    ["the same inputs", "s3cre7-secret", timestamp, body, true],
    ["another secret", "other-secret", timestamp, body, false],
    ["a re-formatted timestamp", "s3cre7-secret", "2026-04-12T00:05:00.123456789+00:00", body, false],
    ["a re-serialised body", "s3cre7-secret", timestamp, JSON.stringify(JSON.parse(body), null, 1), false],
  ])("verifying with %s", (_name, secret, ts, raw, ok) => {
    const signature = signMessage("s3cre7-secret", id, timestamp, body);
    expect(signatureMatches(secret, id, ts, raw, signature)).toBe(ok);
  });

  test("a signature of the wrong length does not verify (and does not throw)", () => {
    expect(signatureMatches("s3cre7-secret", id, timestamp, body, "sha256=abc")).toBe(false);
  });

  test.each([
    [Date.UTC(2026, 3, 12, 0, 5, 0, 123), 456789, "2026-04-12T00:05:00.123456789Z"],
    [Date.UTC(2026, 3, 12, 0, 5, 0, 0), 0, "2026-04-12T00:05:00.000000000Z"],
    [Date.UTC(2026, 11, 31, 23, 59, 59, 999), 1, "2026-12-31T23:59:59.999000001Z"],
  ])("rfc3339Nano(%p, %p) is %s", (ms, nanos, text) => {
    expect(rfc3339Nano(ms, nanos)).toBe(text);
  });
});
