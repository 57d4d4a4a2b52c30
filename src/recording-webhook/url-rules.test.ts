import { describe, expect, test } from "bun:test";
import { webhookUrlProblem, webhookUrlSchema } from "./url-rules.ts";

// [url, allowed, a fragment of the problem when refused]
const CASES: [string, boolean, string?][] = [
  ["https://hooks.example.com/replayd", true],
  ["https://hooks.example.com:8443/x?token=1", true],
  ["https://127.0.0.1/hook", true],
  ["https://8.8.8.8/hook", true],
  ["http://localhost:9000/hook", true],
  ["http://LOCALHOST./hook", true],
  ["http://app.localhost/hook", true],
  ["http://nas.local/hook", true],
  ["http://printer.home.arpa/hook", true],
  ["http://127.0.0.1:3000/hook", true],
  ["http://127.1/hook", true],
  ["http://10.0.0.5/hook", true],
  ["http://172.16.0.1/hook", true],
  ["http://172.31.255.255/hook", true],
  ["http://192.168.1.20:8080/hook", true],
  ["http://[::1]:9000/hook", true],
  ["http://[fd12:3456::1]/hook", true],
  ["http://[fc00::1]/hook", true],
  ["http://[::ffff:192.168.1.2]/hook", true],
  ["http://hooks.example.com/replayd", false, "use https://"],
  ["http://8.8.8.8/hook", false, "not this machine or the local network"],
  ["http://172.32.0.1/hook", false, "use https://"],
  ["http://172.15.0.1/hook", false, "use https://"],
  ["http://169.254.169.254/latest/meta-data", false, "use https://"],
  ["http://[fe80::1]/hook", false, "use https://"],
  ["http://[2001:db8::1]/hook", false, "use https://"],
  ["http://[::ffff:8.8.8.8]/hook", false, "use https://"],
  ["http://0.0.0.0/hook", false, "use https://"],
  ["http://nas/hook", false, "use https://"],
  ["http://localhost.example.com/hook", false, "use https://"],
  ["https://user:pass@hooks.example.com/", false, "user name or password"],
  ["http://user@localhost/", false, "user name or password"],
  ["ftp://hooks.example.com/", false, "uses ftp"],
  ["javascript:alert(1)", false, "uses javascript"],
  ["hooks.example.com/replayd", false, "is not a URL"],
  ["", false, "is empty"],
  [`https://example.com/${"a".repeat(2100)}`, false, "longer than"],
];

describe("webhook URL rules", () => {
  for (const [url, allowed, fragment] of CASES) {
    test(`${url.slice(0, 60)} → ${allowed ? "allowed" : "refused"}`, () => {
      const problem = webhookUrlProblem(url);
      if (allowed) expect(problem).toBeNull();
      else expect(problem).toContain(fragment ?? "");
    });
  }

  test("the schema names the field and trims", () => {
    expect(webhookUrlSchema.parse("  https://hooks.example.com/x ")).toBe("https://hooks.example.com/x");
    const result = webhookUrlSchema.safeParse("http://example.com/x");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/^url is plain http to example\.com.*use https:\/\//);
  });
});
