import { afterAll, describe, expect, test } from "bun:test";
import { freePort } from "../../tests/support/ports.ts";
import { sendSigned, UNREACHABLE } from "./sender.ts";

// Whoever sets the webhook URL must not learn, from the answer, what listens where on the server's network:
// a refused port, a silent one and an unknown host all read the same; the server log keeps which.

const silent = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
afterAll(() => silent.stop(true));

const message = (url: string) => ({
  url,
  secret: "s".repeat(32),
  messageId: "m1",
  event: "recording.test" as const,
  body: "{}",
});

describe("a receiver that cannot be reached", () => {
  test.each([
    ["a closed port", () => `http://127.0.0.1:${freePort()}/hook`, /ECONNREFUSED|refused|connect/i],
    ["a port that never answers", () => `http://127.0.0.1:${silent.port}/hook`, /no answer within 300 ms/],
    ["an unknown host", () => "http://no-such-host.invalid.local/hook", /./],
  ])("%s: the same answer for the caller, the cause for the log", async (_name, url, cause) => {
    const result = await sendSigned(message(url()), { timeoutMs: 300 });
    expect(result).toMatchObject({ status: null, error: UNREACHABLE });
    expect((result as { cause?: string }).cause ?? "").toMatch(cause);
  });
});
