import { afterAll, describe, expect, test } from "bun:test";
import { freePort } from "../../tests/support/ports.ts";
import { selfSignedCert } from "../../tests/support/tls-cert.ts";
import { parseAllowList } from "../net/outbound.ts";
import type { OutboundPolicy, Resolver } from "../net/pinned-fetch.ts";
import { isUrlProblem, sendSigned, UNREACHABLE } from "./sender.ts";
import { WEBHOOK_ALLOW_SETTING } from "./url-rules.ts";

const silent = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
const received: { host: string | null; path: string }[] = [];
const answer = (req: Request) => {
  received.push({ host: req.headers.get("host"), path: new URL(req.url).pathname });
  return new Response("ok");
};
const plain = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: answer });
const loopbackCert = selfSignedCert("127.0.0.1");
const secure = Bun.serve({ hostname: "127.0.0.1", port: 0, tls: loopbackCert, fetch: answer });
afterAll(() => {
  silent.stop(true);
  plain.stop(true);
  secure.stop(true);
});

const message = (url: string) => ({
  url,
  secret: "s".repeat(32),
  messageId: "m1",
  event: "recording.test" as const,
  body: "{}",
});
const allowing = (...entries: string[]): OutboundPolicy => ({
  allow: parseAllowList(entries, WEBHOOK_ALLOW_SETTING),
});
/** Answers each call with the next address (the last one repeats), and counts the calls. */
function scripted(...addresses: string[]): Resolver & { calls: number } {
  const resolver = Object.assign(
    async () => {
      resolver.calls++;
      const address = addresses[Math.min(resolver.calls, addresses.length) - 1] ?? "";
      return [{ address, family: address.includes(":") ? 6 : 4 }];
    },
    { calls: 0 },
  );
  return resolver;
}

// Whoever sets the webhook URL must not learn, from the answer, what listens where on the server's network:
// a refused port, a silent one and an unknown host all read the same; the server log keeps which.
describe("a receiver that cannot be reached", () => {
  const unknownHost: Resolver = async () => {
    throw Object.assign(new Error("getaddrinfo ENOTFOUND receiver.example"), { code: "ENOTFOUND" });
  };
  test.each([
    ["a closed port", () => `http://127.0.0.1:${freePort()}/hook`, allowing("127.0.0.1"), /ECONNREFUSED/],
    [
      "a port that never answers",
      () => `http://127.0.0.1:${silent.port}/hook`,
      allowing("127.0.0.1"),
      /no answer within 300 ms/,
    ],
    [
      "an unknown host",
      () => "https://receiver.example/hook",
      { ...allowing(), resolve: unknownHost },
      /ENOTFOUND/,
    ],
  ])("%s: the same answer for the caller, the cause for the log", async (_name, url, outbound, cause) => {
    const result = await sendSigned(message(url()), { timeoutMs: 300, outbound });
    expect(result).toMatchObject({ status: null, error: UNREACHABLE });
    expect((result as { cause?: string }).cause ?? "").toMatch(cause);
  });
});

describe("where the webhook may post", () => {
  test("https to a private address is refused like http, as a URL problem, without being tried", async () => {
    const result = await sendSigned(message("https://10.0.0.5/hook"), { timeoutMs: 2000 });
    expect(result).toEqual({
      status: null,
      error:
        "the webhook URL points at 10.0.0.5, a private address: add 10.0.0.5 to WEBHOOK_ALLOWED_HOSTS to allow it",
      refused: true,
    });
    expect(isUrlProblem(result)).toBe(true);
  });

  test("https to this machine is refused without the allow-list and delivered with it", async () => {
    const url = `https://127.0.0.1:${secure.port}/hook`;
    received.length = 0;
    const refused = await sendSigned(message(url), { timeoutMs: 2000 });
    expect(refused).toMatchObject({ status: null, error: expect.stringContaining("a loopback address") });
    expect(received).toEqual([]);
    const outbound = { ...allowing("127.0.0.1"), trustCa: loopbackCert.cert };
    expect(await sendSigned(message(url), { timeoutMs: 2000, outbound })).toMatchObject({ status: 200 });
    expect(received).toHaveLength(1);
  });

  test("a name is resolved once per send and posted to the address that was checked", async () => {
    // The second answer would be the cloud metadata service: the first send never asks again, and the
    // second send is refused on what it was told.
    const resolve = scripted("127.0.0.1", "169.254.169.254");
    const outbound = { ...allowing("hooks.test"), resolve };
    received.length = 0;
    const first = await sendSigned(message(`http://hooks.test:${plain.port}/hook`), {
      timeoutMs: 2000,
      outbound,
    });
    expect(first).toMatchObject({ status: 200 });
    expect(resolve.calls).toBe(1);
    expect(received).toEqual([{ host: `hooks.test:${plain.port}`, path: "/hook" }]);
    const second = await sendSigned(message(`http://hooks.test:${plain.port}/hook`), {
      timeoutMs: 2000,
      outbound,
    });
    expect(resolve.calls).toBe(2);
    // The owner reads the class; the log gets the address.
    expect(second).toEqual({
      status: null,
      error:
        "the webhook URL points at hooks.test, which resolves to a cloud metadata service: a host name on WEBHOOK_ALLOWED_HOSTS never allows that; only the exact address listed does",
      refused: true,
      cause: "hooks.test resolves to 169.254.169.254",
    });
    expect(received).toHaveLength(1);
  });

  test("a .localhost name is not allowed for its spelling, only when listed", async () => {
    const url = `http://foo.localhost:${plain.port}/hook`;
    const refused = await sendSigned(message(url), { timeoutMs: 2000 });
    expect(refused).toMatchObject({
      status: null,
      error: expect.stringContaining("add foo.localhost to WEBHOOK_ALLOWED_HOSTS"),
    });
    const outbound = { ...allowing("foo.localhost"), resolve: scripted("127.0.0.1") };
    expect(await sendSigned(message(url), { timeoutMs: 2000, outbound })).toMatchObject({ status: 200 });
  });

  test("plain http to a public address is refused, when saved and when the name resolves there", async () => {
    expect(await sendSigned(message("http://hooks.example.com/x"), { timeoutMs: 2000 })).toMatchObject({
      error: expect.stringMatching(/^the webhook URL is plain http to hooks\.example\.com.*use https:\/\//),
    });
    // A range on the list lets the name through the quick check; what it resolves to decides.
    const outbound = { ...allowing("10.0.0.0/8"), resolve: scripted("8.8.8.8") };
    const result = await sendSigned(message("http://nas.example/x"), { timeoutMs: 2000, outbound });
    // Checked before toMatchObject: bun's writes its matchers into the object it checks (oven-sh/bun#3521).
    expect(isUrlProblem(result)).toBe(true);
    expect(result).toMatchObject({ error: expect.stringContaining("is plain http to nas.example") });
  });
});
