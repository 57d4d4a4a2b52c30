// Labels the server sends as stable codes (a task's name, Twitch's subscription status, a rendition's
// name, a status), said in the reader's language. Each code maps to a translation key here, in one place,
// so a test can check that every code the server can send is translated in every language
// (`locales/server-labels.test.ts`). A code this build does not know shows as the server sent it.

/** What these functions need of i18next: `t` and `exists` of the active language. */
export interface Translator {
  t: (key: string, values?: Record<string, unknown>) => string;
  exists: (key: string) => boolean;
}

/** The variants a task description has (the server's `description_values.context`). */
export type TaskDescriptionContext = "direct_only" | "forever";

/** A task's description key: by its name, with the variant the server named (`…_direct_only`). */
export function taskDescriptionKey(name: string, context?: string): string {
  return `tasks.descriptions.${name}${context ? `_${context}` : ""}`;
}

/** A task's description in the reader's language, or the server's English one for a task we do not know. */
export function taskDescription(
  tr: Translator,
  task: { name: string; description: string; description_values?: { days?: number; context?: string } },
): string {
  const { context, ...values } = task.description_values ?? {};
  const key = taskDescriptionKey(task.name, context);
  return tr.exists(key) ? tr.t(key, values) : task.description;
}

export function subscriptionStatusKey(status: string): string {
  return `eventsub.statuses.${status}`;
}

/** Twitch's status of a subscription ("enabled", "webhook_callback_verification_pending", …) in words. */
export function subscriptionStatus(tr: Translator, status: string): string {
  const key = subscriptionStatusKey(status);
  return tr.exists(key) ? tr.t(key) : status;
}

/**
 * The key of a rendition or quality name that needs words ("audio_only", "source", Twitch's "chunked"),
 * or null for one that reads the same everywhere ("720p30", "1080p").
 */
export function qualityKey(name: string): string | null {
  if (/^\d+p\d*$/.test(name)) return null;
  return `qualities.${name === "chunked" ? "source" : name}`;
}

/** A rendition or quality as the reader says it: "720p30" as is, "audio_only" → "Audio seul". */
export function qualityLabel(tr: Translator, name: string): string {
  const key = qualityKey(name);
  return key && tr.exists(key) ? tr.t(key) : name;
}

export function logDomainKey(domain: string): string {
  return `logs.domains.${domain}`;
}

/** An event log's domain ("task", "recording") as the filter names it. */
export function logDomain(tr: Translator, domain: string): string {
  const key = logDomainKey(domain);
  return tr.exists(key) ? tr.t(key) : domain;
}

export function healthStatusKey(status: string): string {
  return `health.status.${status}`;
}

/** The server's overall health ("ok", "degraded", "unhealthy") in words. */
export function healthStatus(tr: Translator, status: string): string {
  const key = healthStatusKey(status);
  return tr.exists(key) ? tr.t(key) : status;
}

/** Chat kinds the panel shows as a notice (the others are messages and moderation lines). */
export const CHAT_SYSTEM_KINDS = ["message", "timeout", "ban", "clear", "roomstate"] as const;

export function chatNoticeKey(kind: string): string {
  return `chat.notices.${kind}`;
}

/**
 * A chat notice's sentence when Twitch sent none (`system-msg`): ours for its kind ("Raid from ronni"), or
 * the generic one for a kind this build does not know.
 */
export function chatNotice(tr: Translator, kind: string, name: string): string {
  const key = chatNoticeKey(kind);
  return tr.t(tr.exists(key) ? key : chatNoticeKey("notice"), { name });
}

export function chatGapReasonKey(reason: string): string {
  return `chat.gapReasons.${reason}`;
}

/** Why chat was not captured for a while ("reconnect", "disconnected", "restart") in words. */
export function chatGapReason(tr: Translator, reason: string): string {
  const key = chatGapReasonKey(reason);
  return tr.exists(key) ? tr.t(key) : reason;
}
