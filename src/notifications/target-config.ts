import { z } from "zod";
import type { NotificationTargetKind, StoredNotificationTarget } from "../domain/notifications.ts";
import { openSealed, type SecretSealer } from "../domain/secrets.ts";
import { webhookUrlShapeProblem } from "../recording-webhook/url-rules.ts";

// Each kind of target's settings: what is stored (sealed, as JSON), what the owner may type, and what the
// API shows back. Secrets (tokens, URLs that carry one) are never shown: only whether one is set.

const MAX_SECRET = 512;

/** A server or webhook address: http(s), a host, no credentials in it. */
const address = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = webhookUrlShapeProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const ntfyTopic = z
  .string()
  .trim()
  .regex(/^[-_A-Za-z0-9]{1,64}$/, "a topic is 1 to 64 letters, digits, - or _ (e.g. replayd-alerts)");
const ntfyTag = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_+-]{1,40}$/, "a tag is an emoji short code or word: letters, digits, _, + or -");
const discordName = z
  .string()
  .trim()
  .max(80, "at most 80 characters (Discord's limit)")
  .refine((name) => !/discord|clyde/i.test(name), 'Discord refuses names containing "discord" or "clyde"');
const telegramToken = z
  .string()
  .trim()
  .regex(/^\d{3,20}:[A-Za-z0-9_-]{20,80}$/, "a bot token looks like 123456789:AA…, as @BotFather gives it");
const telegramChat = z
  .string()
  .trim()
  .regex(/^(-?\d{1,20}|@[A-Za-z0-9_]{5,32})$/, "a chat id is a number (e.g. -1001234567890) or @channelname");
const secretText = z.string().trim().min(1).max(MAX_SECRET);

/** What is stored for each kind (opened from the sealed config; checked again when read back). */
export const STORED_CONFIG = {
  discord: z.object({ webhook_url: address, username: discordName.optional() }),
  ntfy: z.object({
    server: address,
    topic: ntfyTopic,
    token: secretText.optional(),
    priority: z.number().int().min(1).max(5),
    tags: z.array(ntfyTag).max(5),
  }),
  telegram: z.object({
    api_base: address,
    bot_token: telegramToken,
    chat_id: telegramChat,
    link_preview: z.boolean(),
  }),
  gotify: z.object({ server: address, app_token: secretText, priority: z.number().int().min(0).max(10) }),
  webhook: z.object({ url: address, secret: z.string().min(16).max(MAX_SECRET).optional() }),
} as const;

export type StoredConfig<K extends NotificationTargetKind = NotificationTargetKind> = z.infer<
  (typeof STORED_CONFIG)[K]
>;
/** A target's kind with its settings. */
export type TargetConfig = {
  [K in NotificationTargetKind]: { kind: K } & StoredConfig<K>;
}[NotificationTargetKind];

/** The secret fields of each kind: stored sealed, never shown back. */
export const SECRET_FIELDS = {
  discord: ["webhook_url"],
  ntfy: ["token"],
  telegram: ["bot_token"],
  gotify: ["app_token"],
  webhook: ["url", "secret"],
} as const satisfies { [K in NotificationTargetKind]: readonly (keyof StoredConfig<K>)[] };

// What the owner types. A secret left out (or empty) keeps the stored one; `null` removes an optional one.
const keep = <T extends z.ZodType>(schema: T) =>
  z.union([z.literal("").transform(() => undefined), schema]).optional();
const removable = <T extends z.ZodType>(schema: T) => keep(schema).or(z.null());

export const CONFIG_INPUT = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("discord"),
    webhook_url: keep(address),
    username: discordName.optional(),
  }),
  z.strictObject({
    kind: z.literal("ntfy"),
    server: address.default("https://ntfy.sh"),
    topic: ntfyTopic,
    token: removable(secretText),
    priority: z.number().int().min(1).max(5).default(3),
    tags: z.array(ntfyTag).max(5, "at most 5 tags").default([]),
  }),
  z.strictObject({
    kind: z.literal("telegram"),
    api_base: address.default("https://api.telegram.org"),
    bot_token: keep(telegramToken),
    chat_id: telegramChat,
    link_preview: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.literal("gotify"),
    server: address,
    app_token: keep(secretText),
    priority: z.number().int().min(0).max(10).default(5),
  }),
  z.strictObject({
    kind: z.literal("webhook"),
    url: keep(address),
    secret: removable(z.string().min(16, "a signing secret has at least 16 characters").max(MAX_SECRET)),
  }),
]);
export type ConfigInput = z.input<typeof CONFIG_INPUT>;
type ParsedInput = z.output<typeof CONFIG_INPUT>;

/** What to tell the owner when a required secret is neither given nor stored. */
const MISSING_SECRET: Partial<Record<string, string>> = {
  webhook_url: "give the webhook URL Discord shows under Integrations → Webhooks",
  bot_token: "give the bot token @BotFather gave you",
  app_token: "give the token of the Gotify application (Apps → Create Application)",
  url: "give the receiver's address, e.g. https://hooks.example.com/replayd",
};

/**
 * The settings to store: the input over what was stored (secrets kept unless given or removed).
 * @returns the config, or the field (as `config.<field>`) and what to do
 */
export function mergeConfig(
  input: ParsedInput,
  stored: TargetConfig | null,
): { config: TargetConfig } | { problem: string } {
  const previous: Record<string, unknown> = stored && stored.kind === input.kind ? stored : {};
  const merged: Record<string, unknown> = { ...input };
  for (const field of SECRET_FIELDS[input.kind] as readonly string[]) {
    const given = merged[field];
    if (given === null) delete merged[field];
    else if (given === undefined && previous[field] !== undefined) merged[field] = previous[field];
    else if (given === undefined) delete merged[field];
  }
  const parsed = STORED_CONFIG[input.kind].safeParse(merged);
  if (parsed.success) return { config: { kind: input.kind, ...parsed.data } as TargetConfig };
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? "config");
  const missing = merged[field] === undefined && MISSING_SECRET[field];
  return { problem: `config.${field}: ${missing || issue?.message || "invalid"}` };
}

/** The settings as the API shows them: secrets replaced by `has_<field>`, the rest as stored. */
export type ConfigView = {
  [K in NotificationTargetKind]: { kind: K } & Omit<StoredConfig<K>, (typeof SECRET_FIELDS)[K][number]> & {
      [F in (typeof SECRET_FIELDS)[K][number] as `has_${F}`]: boolean;
    };
}[NotificationTargetKind];

export function configView(config: TargetConfig): ConfigView {
  const view: Record<string, unknown> = { ...config };
  for (const field of SECRET_FIELDS[config.kind] as readonly string[]) {
    view[`has_${field}`] = view[field] !== undefined;
    delete view[field];
  }
  return view as ConfigView;
}

/** Every secret value in a config: scrubbed from anything logged or shown. */
export function secretsOf(config: TargetConfig): string[] {
  const values = config as unknown as Record<string, unknown>;
  return (SECRET_FIELDS[config.kind] as readonly string[])
    .map((field) => values[field])
    .filter((value): value is string => typeof value === "string" && value.length > 0);
}

/** `text` with every secret replaced by "[redacted]" (a network error may quote the URL it tried). */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join("[redacted]");
  return out;
}

/** The addresses of a config to check against the outbound policy, by field. */
export function addressesOf(config: TargetConfig): [field: string, url: string][] {
  switch (config.kind) {
    case "discord":
      return [["webhook_url", config.webhook_url]];
    case "ntfy":
      return [["server", config.server]];
    case "telegram":
      return [["api_base", config.api_base]];
    case "gotify":
      return [["server", config.server]];
    case "webhook":
      return [["url", config.url]];
  }
}

/** The sealed JSON stored for a config (its kind is the row's own column). */
export function sealConfig(sealer: SecretSealer, config: TargetConfig): string {
  const { kind: _, ...settings } = config;
  return sealer.seal(JSON.stringify(settings));
}

/**
 * A stored target's settings, or null when they cannot be read: sealed under another SESSION_SECRET, or
 * no longer what its kind takes. The owner then enters them again.
 */
export function openConfig(
  sealer: SecretSealer,
  target: Pick<StoredNotificationTarget, "kind" | "config">,
): TargetConfig | null {
  const text = openSealed(sealer, target.config);
  if (text === null) return null;
  try {
    const parsed = STORED_CONFIG[target.kind].safeParse(JSON.parse(text));
    return parsed.success ? ({ kind: target.kind, ...parsed.data } as TargetConfig) : null;
  } catch {
    return null;
  }
}
