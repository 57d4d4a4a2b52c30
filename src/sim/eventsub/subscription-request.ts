import { z } from "zod";

/** The subscription types the simulator delivers, and the version each one is offered in. */
export const SUBSCRIPTION_VERSIONS = {
  "stream.online": "1",
  "stream.offline": "1",
  "channel.update": "2",
} as const;

export type SubscriptionType = keyof typeof SUBSCRIPTION_VERSIONS;

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]", "::1"]);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Twitch delivers only to https on port 443. The simulator also delivers to plain http (or any port) on a
 * loopback address, so a test or a local replayd can receive without TLS.
 */
export function callbackProblem(callback: string): string | null {
  let url: URL;
  try {
    url = new URL(callback);
  } catch {
    return "must be an absolute URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an https URL";
  if (isLoopback(url.hostname)) return null;
  if (url.protocol !== "https:") return "must be an https URL (plain http only to a loopback address)";
  if (url.port !== "" && url.port !== "443") return "must use port 443";
  return null;
}

const webhookTransport = z.strictObject({
  method: z.literal("webhook", { error: 'only "webhook" is simulated' }),
  callback: z.string().superRefine((value, check) => {
    const problem = callbackProblem(value);
    if (problem) check.addIssue({ code: "custom", message: problem });
  }),
  secret: z
    .string({ error: "required, 10-100 ASCII characters" })
    .min(10, { error: "must be at least 10 characters" })
    .max(100, { error: "must be at most 100 characters" })
    .regex(/^[\x20-\x7e]+$/, { error: "must be ASCII" }),
});

/** The body of POST /helix/eventsub/subscriptions; type and version are checked against each other after. */
export const subscriptionRequestSchema = z.strictObject({
  type: z.string({ error: "required" }),
  version: z.string({ error: "required" }),
  condition: z.strictObject({ broadcaster_user_id: z.string({ error: "required" }).min(1) }),
  transport: webhookTransport,
});

export type SubscriptionRequest = z.infer<typeof subscriptionRequestSchema>;

/** A message naming the field when type or version is not one the simulator offers. */
export function typeVersionProblem(type: string, version: string): string | null {
  if (!(type in SUBSCRIPTION_VERSIONS)) {
    return `type: "${type}" is not simulated (${Object.keys(SUBSCRIPTION_VERSIONS).join(", ")})`;
  }
  const supported = SUBSCRIPTION_VERSIONS[type as SubscriptionType];
  return version === supported ? null : `version: ${type} is offered in version ${supported}`;
}
