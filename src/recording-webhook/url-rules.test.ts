import { describe, expect, test } from "bun:test";
import { parseAllowList } from "../net/outbound.ts";
import { WEBHOOK_ALLOW_SETTING, webhookUrlProblem, webhookUrlSchema } from "./url-rules.ts";

// What the owner is told when saving: the URL's form, and what the URL alone says about where it goes.
// Names are not resolved here; the connect-time check (src/net/pinned-fetch.ts) judges them.
const NONE = parseAllowList([], WEBHOOK_ALLOW_SETTING);
const LAN = parseAllowList(["192.168.1.20", "nas.home.arpa", "127.0.0.1"], WEBHOOK_ALLOW_SETTING);
const RANGE = parseAllowList(["10.0.0.0/8"], WEBHOOK_ALLOW_SETTING);

type Case = [string, "none" | "lan" | "range", boolean, string?];
// [url, allow-list, allowed, a fragment of the problem when refused]
const CASES: Case[] = [
  ["https://hooks.example.com/replayd", "none", true],
  ["https://hooks.example.com:8443/x?token=1", "none", true],
  ["https://8.8.8.8/hook", "none", true],
  ["https://nas.local/hook", "none", true], // judged by what it resolves to, when sending
  // Not on the list: this machine and the LAN are refused over https too.
  ["https://127.0.0.1/hook", "none", false, "points at 127.0.0.1, a loopback address"],
  ["https://10.0.0.5/hook", "none", false, "a private address: add 10.0.0.5 to WEBHOOK_ALLOWED_HOSTS"],
  ["https://[::1]/hook", "none", false, "loopback"],
  ["https://[fd12:3456::1]/hook", "none", false, "a private address"],
  ["https://100.64.1.1/hook", "none", false, "a private address"],
  ["https://169.254.169.254/latest/meta-data", "none", false, "cloud metadata service"],
  ["https://[fe80::1]/hook", "none", false, "a link-local address"],
  ["https://0.0.0.0/hook", "none", false, "an unspecified address"],
  ["https://[::ffff:192.168.1.2]/hook", "none", false, "a private address"],
  ["https://localhost:9000/hook", "none", false, "points at localhost, which resolves to a loopback"],
  ["https://app.localhost/hook", "none", false, "add app.localhost to WEBHOOK_ALLOWED_HOSTS"],
  // Plain http only to what the list can cover; no name is trusted for its spelling.
  ["http://localhost:9000/hook", "none", false, "loopback"],
  ["http://foo.localhost/hook", "none", false, "loopback"],
  ["http://nas.local/hook", "none", false, "is plain http to nas.local"],
  ["http://printer.home.arpa/hook", "none", false, "add printer.home.arpa to WEBHOOK_ALLOWED_HOSTS"],
  ["http://127.0.0.1:3000/hook", "none", false, "a loopback address"],
  ["http://hooks.example.com/replayd", "none", false, "use https://"],
  ["http://8.8.8.8/hook", "none", false, "is plain http to 8.8.8.8"],
  ["http://192.168.1.20:8080/hook", "lan", true],
  ["http://127.0.0.1:3000/hook", "lan", true],
  ["http://127.1/hook", "lan", true],
  ["http://nas.home.arpa/hook", "lan", true],
  ["https://nas.home.arpa/hook", "lan", true],
  ["http://192.168.1.21/hook", "lan", false, "add 192.168.1.21"],
  ["http://printer.home.arpa/hook", "lan", true], // may resolve to a listed address: checked when sending
  ["http://localhost/hook", "lan", true], // a loopback address is listed
  ["http://nas.example/hook", "range", true], // it may resolve into the range: checked when sending
  ["http://10.1.2.3/hook", "range", true],
  ["http://11.1.2.3/hook", "range", false, "is plain http to 11.1.2.3"],
  // The URL's form.
  ["https://user:pass@hooks.example.com/", "none", false, "user name or password"],
  ["http://user@localhost/", "lan", false, "user name or password"],
  ["ftp://hooks.example.com/", "none", false, "uses ftp"],
  ["javascript:alert(1)", "none", false, "uses javascript"],
  ["hooks.example.com/replayd", "none", false, "is not a URL"],
  ["", "none", false, "is empty"],
  [`https://example.com/${"a".repeat(2100)}`, "none", false, "longer than"],
];

const LISTS = { none: NONE, lan: LAN, range: RANGE };

describe("webhook URL rules when saving", () => {
  test.each(CASES)("%s with %s allowed → %p", (...[url, list, allowed, fragment]: Case) => {
    const problem = webhookUrlProblem(url, LISTS[list]);
    if (allowed) expect(problem).toBeNull();
    else expect(problem).toContain(fragment ?? "");
  });

  test("the schema checks the form, names the field and trims", () => {
    expect(webhookUrlSchema.parse("  https://hooks.example.com/x ")).toBe("https://hooks.example.com/x");
    const result = webhookUrlSchema.safeParse("ftp://example.com/x");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("url uses ftp: use https://");
  });
});
