import { z } from "zod";
import { type Ip, parseIp } from "../net/ip.ts";
import { type AllowList, destinationProblem, normalName, plainHttpProblem } from "../net/outbound.ts";

/** Longest receiver URL we accept (beyond this it is not a hand-typed address). */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** The setting that opens local and plain-http receivers; named in every refusal. */
export const WEBHOOK_ALLOW_SETTING = "WEBHOOK_ALLOWED_HOSTS";

/**
 * The receiver URL's form: http(s), a host, no credentials (they would be logged and shown). Where it may
 * point is checked apart (`webhookUrlProblem`), since that depends on the allow-list.
 */
export function webhookUrlShapeProblem(raw: string): string | null {
  if (raw.trim() === "")
    return "is empty: give the receiver's address, e.g. https://hooks.example.com/replayd";
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return `is longer than ${MAX_WEBHOOK_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return "is not a URL: write it in full, e.g. https://hooks.example.com/replayd";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return `uses ${url.protocol.replace(/:$/, "")}: use https://`;
  }
  if (url.username !== "" || url.password !== "") {
    return "contains a user name or password: remove them and authenticate with the signature header instead";
  }
  if (url.hostname === "") return "has no host: write it in full, e.g. https://hooks.example.com/replayd";
  return null;
}

/** `localhost` and `*.localhost` are this machine by definition (RFC 6761): refused early, when saved. */
const LOOPBACK = parseIp("127.0.0.1") as Ip;

/**
 * The quick check when the URL is saved: its form, and what the URL alone says about where it goes (an IP
 * literal's class, a `localhost` name, plain http to a name the allow-list cannot cover). Names are not
 * resolved here: the real gate is at connect time (`pinnedFetch`), which judges a name only by the
 * addresses it resolves to then. Returns what is wrong and how to fix it, or null.
 */
export function webhookUrlProblem(raw: string, allow: AllowList): string | null {
  const shape = webhookUrlShapeProblem(raw);
  if (shape) return shape;
  const url = new URL(raw.trim());
  const dest = { protocol: url.protocol as "http:" | "https:", host: url.hostname };
  const literal = parseIp(url.hostname);
  if (literal) return destinationProblem(dest, literal, allow);
  const name = normalName(url.hostname);
  if (name === "localhost" || name.endsWith(".localhost")) {
    return destinationProblem(dest, LOOPBACK, allow);
  }
  // Plain http to a name passes only if the list could cover it: by name, or by an address it may resolve to.
  if (url.protocol === "http:" && !allow.names.has(name) && allow.ranges.length === 0) {
    return plainHttpProblem(name, allow);
  }
  return null;
}

/** The receiver URL as the API takes it: trimmed, and of the right form. */
export const webhookUrlSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = webhookUrlShapeProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `url ${problem}` });
  });
