// The words of each event the server writes, by domain and type: each reads what it needs from the entry's
// data through `Wording` (see event-message.ts for how they are used).

import { own, Unworded, type Wording, type Words } from "./event-wording";

/** Tasks whose successful run says no summary (the server's `run` returns nothing). */
const TASKS_WITHOUT_SUMMARY = new Set(["eventsub_snapshot"]);

/** The data values each task's summary names; `bytes` are said as sizes. */
const TASK_SUMMARIES: Record<string, { counts: string[]; bytes?: string[] }> = {
  recording_delete_requested: { counts: ["removed"] },
  recordings_retention: { counts: ["removed"] },
  eventsub_reconcile_channels: { counts: ["created", "deleted"] },
  category_art_sync: { counts: ["updated"] },
  category_metadata_sync: { counts: ["checked", "described"] },
  playback_cache_reconcile: {
    counts: ["evicted", "stale"],
    bytes: ["freed_bytes", "used_bytes", "budget_bytes"],
  },
  session_cleanup: { counts: ["deleted"] },
  api_token_cleanup: { counts: ["deleted"] },
  fetch_logs_retention: { counts: ["deleted"] },
  event_logs_retention: { counts: ["deleted"] },
  webhook_payload_trim: { counts: ["trimmed"] },
  recording_webhook_deliveries_retention: { counts: ["deleted"] },
  notification_deliveries_retention: { counts: ["deleted"] },
};

const live: Record<string, Words> = {
  online: (w) => {
    const name = w.channel();
    if (!w.has("title")) return w.t("live.online", { name });
    const title = w.str("title");
    const category = w.has("category_name") ? w.str("category_name") : "";
    return category
      ? w.t("live.onlineWithCategory", { name, title, category })
      : w.t("live.onlineWithTitle", { name, title });
  },
  offline: (w) => w.t("live.offline", { name: w.channel() }),
  updated: (w) => {
    const name = w.channel();
    const title = w.has("title") ? w.str("title") : null;
    const category = w.has("category_name") ? w.str("category_name") : "";
    if (title !== null && category) return w.t("live.updatedTitleAndCategory", { name, title, category });
    if (title !== null) return w.t("live.updatedTitle", { name, title });
    if (category) return w.t("live.updatedCategory", { name, category });
    return w.t("live.updatedNothing", { name });
  },
  not_recorded: (w) => w.t("live.notRecorded", { name: w.channel(), why: notRecordedWhy(w) }),
};

/** Why a go-live was not recorded, from its reason code and the values it names. */
function notRecordedWhy(w: Wording): string {
  const reason = w.str("reason");
  switch (reason) {
    case "no_match":
      return w
        .list("schedules")
        .map((schedule) => {
          const one = w.child(schedule);
          const rules = one.list("unmet").map((rule) => unmetRule(w.child(rule)));
          return w.t("live.noMatch.schedule", {
            rules: rules.join(w.t("live.noMatch.ruleSeparator")),
            id: one.num("schedule_id"),
          });
        })
        .join(w.t("live.noMatch.scheduleSeparator"));
    case "at_capacity":
      return w.t("live.why.at_capacity", { max: w.num("max_concurrent") });
    case "disk_space":
    case "unavailable":
      return w.t(`live.why.${reason}`, { login: w.str("broadcaster_login"), problem: w.quote("problem") });
    case "error":
      return w.t("live.why.error", { error: w.quote("error") });
    default:
      return w.t(`live.why.${reason}`);
  }
}

/** One rule a schedule's stream fails (src/schedules/schedule-rules.ts#UnmetRule). */
function unmetRule(rule: Wording): string {
  const code = rule.str("rule");
  switch (code) {
    case "min_viewers":
      return rule.t("live.unmet.min_viewers", { viewers: rule.num("viewers"), min: rule.num("min_viewers") });
    case "category":
      return rule.t("live.unmet.category", { category: rule.str("category") });
    default:
      return rule.t(`live.unmet.${code}`);
  }
}

/** A rendition as the part entries name it ("1080p60", "audio only"), or a quality code ("audio_only"). */
function rendition(w: Wording, name: string): string {
  return name === "audio only" ? w.t("words.audioOnlyPart") : w.word("quality", name);
}

/** Why a part opened or closed, from its cause (src/recorder/journal.ts#PartCause). */
function partWhy(w: Wording, kind: "opened" | "closed"): string {
  const cause = w.str("cause");
  const values =
    cause === "rendition_changed"
      ? { from: rendition(w, w.str("from")), to: rendition(w, w.str("to")) }
      : cause === "stalled"
        ? { seconds: w.num("stall_seconds") }
        : cause === "failed"
          ? { error: w.quote("error") }
          : {};
  return w.tFirst([`recording.why.${cause}_${kind}`, `recording.why.${cause}`], values);
}

const recordingWhat: Record<string, Words> = {
  started: (w) => {
    if (w.bool("resumed")) return w.t("recording.resumed");
    const scheduleId = w.numOrNull("schedule_id");
    const quality = w.word("quality", w.str("quality"));
    return scheduleId === null
      ? w.t("recording.startedByHand", { quality })
      : w.t("recording.startedBySchedule", { id: scheduleId, quality });
  },
  part_opened: (w) =>
    w.t("recording.partOpened", {
      part: w.num("part"),
      rendition: rendition(w, w.str("rendition")),
      why: partWhy(w, "opened"),
    }),
  part_closed: (w) =>
    w.t("recording.partClosed", {
      part: w.num("part"),
      duration: w.seconds(w.num("seconds")),
      size: w.mebibytes(w.num("bytes")),
      why: partWhy(w, "closed"),
    }),
  ads_skipped: (w) => w.t("recording.adsSkipped", { duration: w.seconds(w.num("seconds")) }),
  gap: (w) =>
    w.t("recording.gap", {
      duration: w.seconds(w.num("seconds")),
      because: w.t(`recording.lost.${w.str("reason")}`),
    }),
  paused: (w) =>
    w.strOrNull("reason") === null
      ? w.t("recording.pausedLowSpace")
      : w.t("recording.paused", { reason: w.quote("reason") }),
  unpaused: (w) => w.t("recording.unpaused"),
  finished: (w) => w.t(w.bool("partial") ? "recording.finishedPartial" : "recording.finished"),
  failed: (w) =>
    w.strOrNull("reason") === null
      ? w.t("recording.failedUnknown")
      : w.t("recording.failed", { reason: w.quote("reason") }),
  cancelled: (w) => w.t("recording.cancelled"),
};

const recording: Record<string, Words> = Object.fromEntries(
  Object.entries(recordingWhat).map(([type, what]) => [
    type,
    (w: Wording) => w.t("recording.entry", { name: w.channel(), what: what(w) }),
  ]),
);

const eventsub: Record<string, Words> = {
  subscription_created: (w) =>
    w.t("eventsub.subscriptionCreated", { type: w.str("type"), status: w.word("status", w.str("status")) }),
  subscription_verified: (w) => w.t("eventsub.subscriptionVerified", { type: w.str("type") }),
  subscription_revoked: (w) => {
    const type = w.strOrNull("type");
    // Twitch's status of the subscription, one of the codes the EventSub page words too.
    const reason = w.word("status", w.str("reason"));
    return type
      ? w.t("eventsub.subscriptionRevoked", { type, reason })
      : w.t("eventsub.subscriptionRevokedUntyped", { reason });
  },
  subscription_failed: (w) =>
    w.t("eventsub.subscriptionFailed", { failed: w.num("failed"), reason: w.quote("reason") }),
  reconciled: (w) =>
    w.t("eventsub.reconciled", { created: w.num("created"), deleted: w.num("deleted"), kept: w.num("kept") }),
  quota: (w) => {
    const cost = w.num("total_cost");
    const max = w.num("max_total_cost");
    const values = { cost, max, total: w.num("total") };
    // As the server decides it: at 90 % of the maximum, new subscriptions will soon be refused.
    return max > 0 && cost >= 0.9 * max
      ? w.t("eventsub.quotaNearlyFull", values)
      : w.t("eventsub.quota", values);
  },
};

const relay: Record<string, Words> = {
  connected: (w) => w.t("relay.connected", { session: w.num("session"), cursor: w.num("cursor") }),
  disconnected: (w) =>
    w.t("relay.disconnected", {
      reason: w.str("reason") ? w.quote("reason") : w.t("relay.closed"),
      seconds: Math.round(w.num("retry_in_ms") / 1000),
    }),
};

const auth: Record<string, Words> = {
  sign_in: (w) => w.t("auth.signIn", { login: w.str("login"), role: w.word("roles", w.str("role")) }),
  sign_in_refused: (w) => {
    if (w.str("reason") !== "not_whitelisted") throw new Unworded("reason");
    return w.t("auth.signInRefused", { login: w.str("login"), id: w.str("twitch_user_id") });
  },
};

/** Each audited procedure's words (src/trpc: `audited`), by its name, with the values they name. */
const CHANGES: Record<string, (w: Wording) => [key: string, values: Record<string, unknown>]> = {
  "system.updateUserRole": (w) => [
    "system.updateUserRole",
    { user_id: w.str("user_id"), role: w.word("roles", w.str("role")) },
  ],
  "system.addWhitelist": (w) => ["system.addWhitelist", { id: w.str("twitch_user_id") }],
  "system.removeWhitelist": (w) => ["system.removeWhitelist", { id: w.str("twitch_user_id") }],
  "system.updatePlaybackCacheConfig": () => ["system.updatePlaybackCacheConfig", {}],
  "task.toggle": (w) => [w.bool("enabled") ? "task.toggleOn" : "task.toggleOff", { task: w.str("task") }],
  "notification.create": (w) => ["notification.create", { name: w.str("name"), kind: w.str("kind") }],
  "notification.update": (w) => ["notification.update", { name: w.str("name") }],
  "notification.delete": (w) => ["notification.delete", { id: w.num("id") }],
  "recordingWebhook.updateConfig": () => ["recordingWebhook.updateConfig", {}],
  "recordingWebhook.regenerateSecret": () => ["recordingWebhook.regenerateSecret", {}],
  "eventsub.updateConfig": (w) => ["eventsub.updateConfig", { mode: w.word("modes", w.str("mode")) }],
  "schedule.create": (w) => ["schedule.create", { channel: w.str("broadcaster_id") }],
  "schedule.update": (w) => ["schedule.update", { id: w.num("schedule_id") }],
  "schedule.toggle": (w) => ["schedule.toggle", { id: w.num("schedule_id") }],
  "schedule.delete": (w) => ["schedule.delete", { id: w.num("schedule_id") }],
  "schedule.setPaused": (w) => [w.bool("paused") ? "schedule.pause" : "schedule.resume", {}],
};

function changed(w: Wording): string {
  const change = own(CHANGES, w.str("procedure"));
  if (!change) throw new Unworded("procedure");
  const [key, values] = change(w);
  return w.t(`changed.${key}`, { by: w.str("by"), ...values });
}

const settings: Record<string, Words> = {
  changed,
  service_account_set: (w) => w.t("serviceAccount.set", { login: w.str("login") }),
  service_account_removed: (w) => w.t("serviceAccount.removed", { login: w.str("login") }),
  service_account_failed: (w) => {
    const cause = w.str("cause");
    const why =
      cause === "refresh_failed"
        ? w.t("serviceAccount.why.refresh_failed", { error: w.quote("error") })
        : w.t(`serviceAccount.why.${cause}`);
    return w.t("serviceAccount.failed", { why });
  },
};

/** A task run's summary, from the values its task puts in data. */
function taskSummary(w: Wording, task: string): string {
  const summary = own(TASK_SUMMARIES, task);
  if (!summary) throw new Unworded(task);
  const values: Record<string, unknown> = {};
  for (const key of summary.counts) values[key] = w.num(key);
  for (const key of summary.bytes ?? []) values[key] = w.bytes(w.num(key));
  return w.t(`task.summaries.${task}`, values);
}

const task: Record<string, Words> = {
  run_success: (w) => {
    const name = w.str("task");
    const ms = w.num("duration_ms");
    return TASKS_WITHOUT_SUMMARY.has(name)
      ? w.t("task.succeeded", { task: name, ms })
      : w.t("task.succeededWithSummary", { task: name, ms, summary: taskSummary(w, name) });
  },
  run_skipped: (w) => {
    const name = w.str("task");
    return w.t("task.skipped", {
      task: name,
      ms: w.num("duration_ms"),
      summary: w.t(`task.skips.${name}`),
    });
  },
  run_failed: (w) =>
    w.t("task.failed", { task: w.str("task"), ms: w.num("duration_ms"), error: w.quote("error") }),
};

/** The data folder's disk, as the server's free-space verdict says it (src/system/disk-space.ts). */
function disk(w: Wording, level: string): string {
  const free = w.num("free_bytes");
  const floor = w.num("floor_bytes");
  const values = { free: w.bytes(free), floor: w.bytes(floor) };
  switch (level) {
    case "full":
      return free < floor
        ? w.t("system.diskFull", values)
        : w.t("system.diskFullResuming", { ...values, resume: w.bytes(w.num("resume_bytes"), "up") });
    case "low":
      return w.t("system.diskLow", values);
    case "ok": {
      const total = w.bytes(w.num("total_bytes"));
      return floor === 0
        ? w.t("system.diskOkNoFloor", { free: values.free, total })
        : w.t("system.diskOk", { ...values, total });
    }
    default:
      throw new Unworded(level);
  }
}

const system: Record<string, Words> = {
  disk_low: (w) => disk(w, w.str("level")),
  disk_better: (w) => disk(w, w.str("level")),
  disk_ok: (w) => disk(w, "ok"),
};

export const DOMAINS: Record<string, Record<string, Words>> = {
  live,
  recording,
  eventsub,
  relay,
  auth,
  settings,
  schedule: { changed },
  task,
  system,
};
