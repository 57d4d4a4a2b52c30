// A notification target as the form edits it, and the form → `notification.create/update` input.

import { isHttpUrl } from "@/lib/http-url";
import type { RouterInputs, RouterOutputs } from "@/lib/trpc";

export type TargetView = RouterOutputs["notification"]["targets"][number];
export type TargetKind = TargetView["kind"];
export type NotificationEvent = TargetView["events"][number];
export type Template = { title: string; body: string };
type TargetInput = RouterInputs["notification"]["create"];

export const TARGET_KINDS = [
  "discord",
  "ntfy",
  "telegram",
  "gotify",
  "webhook",
] as const satisfies readonly TargetKind[];
export const NOTIFICATION_EVENTS = [
  "went_live",
  "recording_started",
  "recording_finished",
  "recording_failed",
  "disk_low",
  "eventsub_broken",
] as const satisfies readonly NotificationEvent[];

export type FieldKey =
  | "webhook_url"
  | "username"
  | "server"
  | "topic"
  | "token"
  | "priority"
  | "tags"
  | "bot_token"
  | "chat_id"
  | "api_base"
  | "link_preview"
  | "app_token"
  | "url"
  | "secret";

/** One setting of a kind: how it is typed, and whether it is a secret (never shown back, empty keeps it). */
export interface FieldSpec {
  key: FieldKey;
  type: "text" | "url" | "secret" | "number" | "tags" | "checkbox";
  required?: boolean;
  placeholder?: string;
  /** What a new target starts with. */
  initial?: string | boolean;
  range?: [min: number, max: number];
  /** A secret that may be removed (an optional token). */
  removable?: boolean;
}

export const KIND_FIELDS: Record<TargetKind, FieldSpec[]> = {
  discord: [
    {
      key: "webhook_url",
      type: "secret",
      required: true,
      placeholder: "https://discord.com/api/webhooks/…",
    },
    { key: "username", type: "text", placeholder: "replayd" },
  ],
  ntfy: [
    { key: "server", type: "url", required: true, initial: "https://ntfy.sh" },
    { key: "topic", type: "text", required: true, placeholder: "replayd-alerts" },
    { key: "token", type: "secret", removable: true, placeholder: "tk_…" },
    { key: "priority", type: "number", range: [1, 5], initial: "3" },
    { key: "tags", type: "tags", placeholder: "tv, warning" },
  ],
  telegram: [
    { key: "bot_token", type: "secret", required: true, placeholder: "123456789:AA…" },
    { key: "chat_id", type: "text", required: true, placeholder: "-1001234567890" },
    { key: "api_base", type: "url", required: true, initial: "https://api.telegram.org" },
    { key: "link_preview", type: "checkbox", initial: false },
  ],
  gotify: [
    { key: "server", type: "url", required: true, placeholder: "https://gotify.example.com" },
    { key: "app_token", type: "secret", required: true },
    { key: "priority", type: "number", range: [0, 10], initial: "5" },
  ],
  webhook: [
    { key: "url", type: "secret", required: true, placeholder: "https://hooks.example.com/replayd" },
    { key: "secret", type: "secret", removable: true },
  ],
};

export interface TargetForm {
  name: string;
  kind: TargetKind;
  enabled: boolean;
  events: NotificationEvent[];
  broadcasterIds: string[];
  templates: Partial<Record<NotificationEvent, Template>>;
  /** Each setting as typed: text for text, numbers, tags and secrets; booleans for checkboxes. */
  values: Partial<Record<FieldKey, string | boolean>>;
  /** Secrets already stored (the field may stay empty). */
  stored: Partial<Record<FieldKey, boolean>>;
  /** Stored secrets to remove. */
  remove: Partial<Record<FieldKey, boolean>>;
}

export type FormError = "required" | "invalidUrl" | "range";
export type FormErrors = Partial<Record<FieldKey | "name", FormError>>;

/** A new target of a kind (went-live by default), or the form over a saved one (secrets empty). */
export function initialForm(kind: TargetKind, target?: TargetView): TargetForm {
  const config = (target?.config ?? {}) as Record<string, unknown>;
  const values: TargetForm["values"] = {};
  const stored: TargetForm["stored"] = {};
  for (const field of KIND_FIELDS[kind]) {
    if (field.type === "secret") {
      stored[field.key] = config[`has_${field.key}`] === true;
      values[field.key] = "";
    } else if (target && config[field.key] !== undefined) {
      const value = config[field.key];
      values[field.key] =
        typeof value === "boolean" ? value : Array.isArray(value) ? value.join(", ") : String(value);
    } else values[field.key] = field.initial ?? (field.type === "checkbox" ? false : "");
  }
  return {
    name: target?.name ?? "",
    kind,
    enabled: target?.enabled ?? true,
    events: target ? [...target.events] : ["went_live"],
    broadcasterIds: target ? [...target.broadcaster_ids] : [],
    templates: target ? { ...target.templates } : {},
    values,
    stored,
    remove: {},
  };
}

/** Ticks or unticks one item of a list, keeping the others (and their order). */
export function toggle<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);
}

/**
 * The form → the procedure's input, or each field's error. The server checks again (and the address rules
 * are its alone); a secret left empty keeps the stored one, one marked for removal is sent as null.
 */
export function buildTargetInput(
  form: TargetForm,
): { ok: true; input: TargetInput } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  if (form.name.trim() === "") errors.name = "required";
  const config: Record<string, unknown> = { kind: form.kind };
  for (const field of KIND_FIELDS[form.kind]) {
    const raw = form.values[field.key];
    if (field.type === "checkbox") {
      config[field.key] = raw === true;
      continue;
    }
    const text = typeof raw === "string" ? raw.trim() : "";
    if (field.type === "secret" && form.remove[field.key]) {
      config[field.key] = null;
      continue;
    }
    if (text === "") {
      const storedSecret = field.type === "secret" && form.stored[field.key];
      if (field.required && !storedSecret) errors[field.key] = "required";
      continue;
    }
    if (field.type === "url" || (field.type === "secret" && field.key.endsWith("url"))) {
      if (!isHttpUrl(text)) errors[field.key] = "invalidUrl";
    }
    if (field.type === "number") {
      const [min, max] = field.range ?? [0, 0];
      const n = Number(text);
      if (!Number.isInteger(n) || n < min || n > max) errors[field.key] = "range";
      config[field.key] = n;
    } else if (field.type === "tags") {
      config[field.key] = text
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean);
    } else config[field.key] = text;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name: form.name.trim(),
      enabled: form.enabled,
      events: NOTIFICATION_EVENTS.filter((e) => form.events.includes(e)),
      broadcaster_ids: form.broadcasterIds,
      templates: form.templates,
      config: config as TargetInput["config"],
    },
  };
}
