import { describe, expect, test } from "bun:test";
import { crossOriginAllowed, type OriginFacts, trustedOrigins } from "./origin.ts";

const TRUSTED = new Set(["https://dash.example.com"]);
const HOST = "replayd.local:8080";

describe("crossOriginAllowed", () => {
  const base: OriginFacts = { method: "POST", host: HOST, origin: null, secFetchSite: null, referer: null };
  test.each<[string, Partial<OriginFacts>, boolean]>([
    [
      "a GET from anywhere",
      { method: "GET", origin: "https://evil.example", secFetchSite: "cross-site" },
      true,
    ],
    ["a script (no Origin, no Sec-Fetch-Site)", {}, true],
    ["a same-origin page (Sec-Fetch-Site)", { secFetchSite: "same-origin", origin: `http://${HOST}` }, true],
    ["a user typing the URL (Sec-Fetch-Site: none)", { secFetchSite: "none" }, true],
    ["a cross-site page", { secFetchSite: "cross-site", origin: "https://evil.example" }, false],
    [
      "a same-site, other-origin page",
      { secFetchSite: "same-site", origin: "http://other.local:8080" },
      false,
    ],
    [
      "a trusted origin, cross-site",
      { secFetchSite: "cross-site", origin: "https://dash.example.com" },
      true,
    ],
    ["an older browser, same host", { origin: `http://${HOST}` }, true],
    ["an older browser, other host", { origin: "https://evil.example" }, false],
    ["an older browser, other port", { origin: "http://replayd.local:9090" }, false],
    ["an opaque origin (null)", { origin: "null" }, false],
    ["no Origin, a same-host Referer", { referer: `http://${HOST}/dashboard` }, true],
    ["no Origin, a foreign Referer", { referer: "https://evil.example/page" }, false],
    ["DELETE cross-site", { method: "DELETE", secFetchSite: "cross-site" }, false],
  ])("%s → %p", (_, facts, allowed) => {
    expect(crossOriginAllowed({ ...base, ...facts }, TRUSTED)).toBe(allowed);
  });
});

describe("trustedOrigins", () => {
  test("collects PUBLIC_BASE_URL's origin and TRUSTED_ORIGINS", () => {
    expect([...trustedOrigins("https://replayd.example.com/", ["http://localhost:5173"])]).toEqual([
      "https://replayd.example.com",
      "http://localhost:5173",
    ]);
  });

  test.each(["example.com", "https://example.com/path", "ftp://example.com"])(
    "refuses %p with a message naming TRUSTED_ORIGINS",
    (entry) => {
      expect(() => trustedOrigins("", [entry])).toThrow(/TRUSTED_ORIGINS.*https:\/\/example\.com/);
    },
  );
});
