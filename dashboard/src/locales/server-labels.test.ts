import { describe, expect, test } from "bun:test";
import { CHAT_GAP_REASONS, CHAT_KINDS } from "../../../src/domain/chat.ts";
import { SUBSCRIPTION_STATUSES } from "../../../src/domain/eventsub.ts";
// The server's own lists of what it sends: every code below reaches a page, so every one needs words.
import { EVENT_LOG_DOMAINS, SERVER_MODES, SEVERITIES, TASK_STATUSES } from "../../../src/domain/ops.ts";
import { GAP_REASONS } from "../../../src/domain/timeline.ts";
import { ROLES } from "../../../src/domain/users.ts";
import { COMPLETION_KINDS, QUALITIES, VIDEO_STATUSES } from "../../../src/domain/videos.ts";
import { DELIVERY_STATUSES } from "../../../src/domain/webhooks.ts";
import { RECORDING_STAGES } from "../../../src/recorder/journal.ts";
import { HEALTH_STATUSES } from "../../../src/system/health-report.ts";
import { type StandardTaskDeps, standardTasks } from "../../../src/tasks/standard-tasks.ts";
import {
  CHAT_SYSTEM_KINDS,
  chatGapReasonKey,
  chatNoticeKey,
  healthStatusKey,
  logDomainKey,
  qualityKey,
  subscriptionStatusKey,
  type Translator,
  taskDescription,
  taskDescriptionKey,
} from "../lib/server-labels";
import en from "./en.json";
import fr from "./fr.json";

// The i18n parity test for what the server sends: each stable code (a task's name and variant, Twitch's
// subscription statuses, renditions, statuses, stages, log domains…) has words in English and in French.
// A code added on the server without them fails here, before an English word reaches a French page.

function flatten(node: unknown, prefix = "", into = new Map<string, string>()): Map<string, string> {
  if (typeof node === "string") into.set(prefix, node);
  else if (node && typeof node === "object")
    for (const [key, child] of Object.entries(node)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  return into;
}

const LANGUAGES = { en: flatten(en), fr: flatten(fr) };

/** A translator over one locale file, as i18next does it for these keys (plain `{{name}}` values). */
function translator(strings: Map<string, string>): Translator {
  return {
    exists: (key) => strings.has(key),
    t: (key, values = {}) =>
      (strings.get(key) ?? key).replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name])),
  };
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

/** Every task the server registers, in every variant its settings give (with and without EventSub, retention kept forever). */
function everyTask() {
  const deps = (eventsub: boolean, days: number): StandardTaskDeps => ({
    repo: {} as StandardTaskDeps["repo"],
    storage: {} as StandardTaskDeps["storage"],
    categoryArt: { run: async () => ({ updated: 0, igdbIds: 0 }) },
    categoryMetadata: { run: async () => ({ kind: "skipped", reason: "" }) },
    playbackCache: { reconcile: async () => ({}) as never },
    eventsub: eventsub
      ? { reconcileChannels: async () => ({ created: 0, deleted: 0 }), snapshot: async () => {} }
      : null,
    retention: { fetch_logs_days: days, event_logs_days: days },
  });
  return [deps(true, 14), deps(false, 0)].flatMap((d) => standardTasks(d));
}

/** Keys that must exist for the codes the server sends, with what each stands for. */
const CODE_KEYS: [string, string][] = [
  ...TASK_STATUSES.map((s): [string, string] => [`task status ${s}`, `tasks.status.${s}`]),
  ...SUBSCRIPTION_STATUSES.map((s): [string, string] => [
    `subscription status ${s}`,
    subscriptionStatusKey(s),
  ]),
  // Qualities asked for, and the renditions Twitch names in words (source is "chunked" in its ladder).
  ...[...QUALITIES, "chunked"].flatMap((q): [string, string][] => {
    const key = qualityKey(q);
    return key ? [[`quality ${q}`, key]] : [];
  }),
  ...VIDEO_STATUSES.map((s): [string, string] => [`video status ${s}`, `videos.status.${s}`]),
  ...COMPLETION_KINDS.filter((k) => k !== "complete").map((k): [string, string] => [
    `completion ${k}`,
    `videos.${k}`,
  ]),
  ...RECORDING_STAGES.map((s): [string, string] => [`recording stage ${s}`, `downloads.stage.${s}`]),
  // The public health's status and database state, and the dashboard's own "unreachable".
  ...[...HEALTH_STATUSES, "error", "unreachable"].map((s): [string, string] => [
    `health ${s}`,
    healthStatusKey(s),
  ]),
  ...EVENT_LOG_DOMAINS.map((d): [string, string] => [`log domain ${d}`, logDomainKey(d)]),
  ...SEVERITIES.map((s): [string, string] => [`severity ${s}`, `logs.severities.${s}`]),
  ...GAP_REASONS.map((r): [string, string] => [`gap reason ${r}`, `watch.gapReasons.${r}`]),
  ...ROLES.map((r): [string, string] => [`role ${r}`, `roles.${r}`]),
  ...SERVER_MODES.map((m): [string, string] => [`server mode ${m}`, `eventsub.modes.${m}.title`]),
  ...DELIVERY_STATUSES.map((s): [string, string] => [`webhook delivery ${s}`, `webhook.outcomes.${s}`]),
  // Chat notices Twitch may send without a sentence of its own, and why chat was not captured.
  ...CHAT_KINDS.filter((k) => !(CHAT_SYSTEM_KINDS as readonly string[]).includes(k)).map(
    (k): [string, string] => [`chat notice ${k}`, chatNoticeKey(k)],
  ),
  ...CHAT_GAP_REASONS.map((r): [string, string] => [`chat gap reason ${r}`, chatGapReasonKey(r)]),
];

describe.each(Object.entries(LANGUAGES))("server codes in %s", (_language, strings) => {
  test.each(CODE_KEYS)("%s has words (%s)", (_code, key) => {
    expect({ key, text: strings.get(key)?.trim() || null }).toEqual({ key, text: expect.any(String) });
  });

  test.each(everyTask().map((task) => [task.name, task.description_values?.context ?? "", task] as const))(
    "task %s (%s) has a description with the values the server gives",
    (_name, _context, task) => {
      const { context, ...values } = task.description_values ?? {};
      const key = taskDescriptionKey(task.name, context);
      const text = strings.get(key);
      expect({ key, found: text !== undefined }).toEqual({ key, found: true });
      // No value the server sends is left out, and none the text needs is missing.
      expect(placeholders(text ?? "")).toEqual(Object.keys(values).sort());
      expect(taskDescription(translator(strings), task)).not.toMatch(/\{\{/);
    },
  );
});

test("French says each task in French, not in the server's English", () => {
  const french = translator(LANGUAGES.fr);
  for (const task of everyTask()) expect(taskDescription(french, task)).not.toBe(task.description);
});

test("a code this build does not know reads as the server sent it", () => {
  const french = translator(LANGUAGES.fr);
  expect(taskDescription(french, { name: "future_task", description: "Does something new" })).toBe(
    "Does something new",
  );
});

test("the logs page offers every domain the server files entries under, and no other", async () => {
  const { LOG_DOMAINS } = await import("../features/logs/log-query");
  expect([...LOG_DOMAINS].sort()).toEqual([...EVENT_LOG_DOMAINS].sort());
});
