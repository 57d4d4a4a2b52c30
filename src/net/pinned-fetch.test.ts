import { afterAll, describe, expect, test } from "bun:test";
import { selfSignedCert } from "../../tests/support/tls-cert.ts";
import { parseAllowList } from "./outbound.ts";
import { DestinationRefused, pinnedFetch, type Resolver } from "./pinned-fetch.ts";

// Real receivers on loopback (plain and TLS with a certificate for a test name), and a resolver the test
// answers for: the request must go to the address that was checked, whatever the name says later.

interface Seen {
  host: string | null;
  path: string;
}
const seen: Seen[] = [];
const record = (req: Request) => {
  const url = new URL(req.url);
  seen.push({ host: req.headers.get("host"), path: `${url.pathname}${url.search}` });
  return new Response("ok");
};
const plain = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: record });
const hooks = selfSignedCert("hooks.test");
const other = selfSignedCert("other.test");
// Presents other.test's certificate unless the client asks for hooks.test by name (SNI).
const secure = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  tls: [
    { ...other, serverName: "other.test" },
    { ...hooks, serverName: "hooks.test" },
  ],
  fetch: record,
});
const impostor = Bun.serve({ hostname: "127.0.0.1", port: 0, tls: other, fetch: record });
afterAll(() => {
  for (const s of [plain, secure, impostor]) s.stop(true);
});

/** Answers each call with the next list (the last one repeats), and counts the calls. */
function scripted(...answers: string[][]): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (name: string) => {
    calls.push(name);
    const list = answers[Math.min(calls.length, answers.length) - 1] ?? [];
    return list.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return Object.assign(resolve, { calls });
}

const allow = (...entries: string[]) => parseAllowList(entries, "WEBHOOK_ALLOWED_HOSTS");
const post = () => ({
  method: "POST",
  body: "{}",
  redirect: "manual" as const,
  signal: AbortSignal.timeout(5000),
});

describe("a request to a typed URL goes to the address that was checked", () => {
  test("http: one resolution, then the checked address, with the name as Host", async () => {
    // Asked again, the name would point at the metadata service: it is never asked again.
    const resolve = scripted(["127.0.0.1"], ["169.254.169.254"]);
    seen.length = 0;
    const res = await pinnedFetch(`http://hooks.test:${plain.port}/hook?x=1`, post(), {
      allow: allow("hooks.test"),
      resolve,
    });
    expect(res.status).toBe(200);
    expect(resolve.calls).toEqual(["hooks.test"]);
    expect(seen).toEqual([{ host: `hooks.test:${plain.port}`, path: "/hook?x=1" }]);
  });

  test("https: the name is asked for (SNI) and the certificate checked against it, not the address", async () => {
    const resolve = scripted(["127.0.0.1"], ["10.0.0.1"]);
    seen.length = 0;
    const res = await pinnedFetch(`https://hooks.test:${secure.port}/hook`, post(), {
      allow: allow("hooks.test"),
      resolve,
      trustCa: hooks.cert,
    });
    expect(res.status).toBe(200);
    expect(resolve.calls).toHaveLength(1);
    expect(seen).toEqual([{ host: `hooks.test:${secure.port}`, path: "/hook" }]);
  });

  test("https: a certificate for another name, or from an unknown authority, is refused", async () => {
    const policy = { allow: allow("hooks.test"), resolve: scripted(["127.0.0.1"]) };
    const wrongName = pinnedFetch(`https://hooks.test:${impostor.port}/hook`, post(), {
      ...policy,
      trustCa: other.cert,
    });
    await expect(wrongName).rejects.toMatchObject({ code: "ERR_TLS_CERT_ALTNAME_INVALID" });
    const untrusted = pinnedFetch(`https://hooks.test:${secure.port}/hook`, post(), policy);
    await expect(untrusted).rejects.toMatchObject({
      code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY/),
    });
  });

  test("when an address refuses the connection, the next checked one is tried", async () => {
    const resolve = scripted(["::1", "127.0.0.1"]);
    const res = await pinnedFetch(`http://hooks.test:${plain.port}/hook`, post(), {
      allow: allow("hooks.test"),
      resolve,
    });
    expect(res.status).toBe(200);
    expect(resolve.calls).toHaveLength(1);
  });

  test("an IP literal is checked and fetched as is, without asking the resolver", async () => {
    const resolve = scripted(["10.0.0.1"]);
    const res = await pinnedFetch(`http://127.0.0.1:${plain.port}/hook`, post(), {
      allow: allow("127.0.0.1"),
      resolve,
    });
    expect(res.status).toBe(200);
    expect(resolve.calls).toEqual([]);
  });
});

describe("a destination the policy refuses is never connected to", () => {
  test.each([
    ["a name resolving to a private address", "https://intranet.example/x", ["10.1.2.3"], [], "private"],
    [
      "a name answering one private address among public ones",
      "https://mixed.example/x",
      ["8.8.8.8", "127.0.0.1"],
      [],
      "loopback",
    ],
    [
      "a listed name resolving to the metadata service",
      "https://hooks.test/x",
      ["169.254.169.254"],
      ["hooks.test", "169.254.0.0/16"],
      "metadata",
    ],
    ["plain http to a public address", "http://hooks.example/x", ["93.184.215.14"], [], "plain http"],
    ["https to loopback without an allow-list", `https://127.0.0.1:${secure.port}/x`, [], [], "loopback"],
  ])("%s", async (_what, url, answers, entries, fragment) => {
    seen.length = 0;
    const refused = await pinnedFetch(url, post(), {
      allow: allow(...entries),
      resolve: scripted(answers),
    }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(DestinationRefused);
    expect((refused as Error).message).toContain(fragment);
    // The owner is told the class; the resolved address is for the log.
    for (const address of answers) expect((refused as Error).message).not.toContain(address);
    expect(seen).toEqual([]);
  });

  test("a resolution that outlives the request's time is given up", async () => {
    const controller = new AbortController();
    const hanging: Resolver = () => {
      controller.abort(new Error("timed out"));
      return new Promise(() => {});
    };
    const init = { ...post(), signal: controller.signal };
    const failed = pinnedFetch("https://slow.example/x", init, { allow: allow(), resolve: hanging });
    await expect(failed).rejects.toThrow("timed out");
  });
});
