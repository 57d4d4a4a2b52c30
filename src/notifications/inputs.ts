import { z } from "zod";
import { NOTIFICATION_EVENTS } from "../domain/notifications.ts";
import { CONFIG_INPUT } from "./target-config.ts";
import { MAX_TEMPLATE_BODY, MAX_TEMPLATE_TITLE, parseTemplate } from "./templates.ts";

// The notification API's inputs: strict objects, bounded strings, and messages that name the fix.

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const event = z.enum(NOTIFICATION_EVENTS);

/** One template text, checked for unknown variables and stray braces. */
const templateText = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .superRefine((value, ctx) => {
      const parsed = parseTemplate(value);
      if ("problem" in parsed) ctx.addIssue({ code: "custom", message: parsed.problem });
    });

export const templateInput = z.strictObject({
  title: templateText(MAX_TEMPLATE_TITLE).refine((t) => t.trim() !== "", "give the message a title"),
  body: templateText(MAX_TEMPLATE_BODY),
});

export const targetInput = z.strictObject({
  name: z.string().trim().min(1, "give the target a name").max(80, "at most 80 characters"),
  enabled: z.boolean().default(true),
  /** None chosen: the target is told nothing (only test sends). */
  events: z
    .array(event)
    .max(NOTIFICATION_EVENTS.length)
    .default([])
    .transform((events) => [...new Set(events)]),
  /** None: every channel. */
  broadcaster_ids: z
    .array(z.string().regex(/^\d{1,20}$/, "expected a Twitch id (digits)"))
    .max(500)
    .default([])
    .transform((ids) => [...new Set(ids)]),
  /** Per event; an event left out uses the default template. */
  templates: z.partialRecord(event, templateInput).default({}),
  config: CONFIG_INPUT,
});
export type TargetInput = z.input<typeof targetInput>;

export const targetUpdateInput = targetInput.extend({ id });

export const previewInput = z.strictObject({
  event,
  /** Default: the event's default template. */
  template: templateInput.optional(),
});

export const testInput = z.strictObject({
  id,
  /** Sends this event's template with made-up values; without it, a plain test message. */
  event: event.optional(),
});

export const deliveriesInput = z
  .strictObject({ target_id: id.optional(), limit: z.number().int().min(1).max(200).default(50) })
  .default({ limit: 50 });

export const idInput = z.strictObject({ id });
