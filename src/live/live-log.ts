import type { JsonObject } from "../domain/json.ts";
import type { NewEventLog } from "../domain/ops.ts";

/** The channel an entry is about, as live detection knows it. */
export interface LoggedChannel {
  broadcaster_id: string;
  broadcaster_login: string;
  broadcaster_name: string;
}

/** The stream, when Helix described it. */
export interface LoggedStream {
  id: string;
  title: string;
  game_name: string;
  viewer_count: number;
}

/** Why a go-live did not become a recording (the dashboard words each; `message` says it in English). */
export const NOT_RECORDED_REASONS = [
  "no_schedule",
  "schedule_paused",
  "schedules_paused",
  "no_match",
  "already_recording",
  "at_capacity",
  "disk_space",
  "unavailable",
  "error",
] as const;
export type NotRecordedReason = (typeof NOT_RECORDED_REASONS)[number];

const nameOf = (c: LoggedChannel) => c.broadcaster_name || c.broadcaster_login;

function about(channel: LoggedChannel, stream: LoggedStream | null): JsonObject {
  return {
    broadcaster_login: channel.broadcaster_login,
    broadcaster_name: channel.broadcaster_name,
    ...(stream
      ? {
          stream_id: stream.id,
          title: stream.title,
          category_name: stream.game_name,
          viewers: stream.viewer_count,
        }
      : {}),
  };
}

/** Live detection's entries (pure): went live, offline, changed, and each go-live not recorded and why. */
export const liveLog = {
  online(channel: LoggedChannel, stream: LoggedStream | null): NewEventLog {
    const what = stream ? `: ${stream.title}${stream.game_name ? ` (${stream.game_name})` : ""}` : "";
    return {
      domain: "live",
      event_type: "online",
      severity: "info",
      message: `${nameOf(channel)} went live${what}`,
      broadcaster_id: channel.broadcaster_id,
      data: about(channel, stream),
    };
  },

  offline(channel: LoggedChannel): NewEventLog {
    return {
      domain: "live",
      event_type: "offline",
      severity: "info",
      message: `${nameOf(channel)} went offline`,
      broadcaster_id: channel.broadcaster_id,
      data: about(channel, null),
    };
  },

  updated(channel: LoggedChannel, change: { title?: string; categoryName?: string }): NewEventLog {
    const parts = [
      change.title !== undefined ? `title "${change.title}"` : null,
      change.categoryName ? `category ${change.categoryName}` : null,
    ].filter(Boolean);
    return {
      domain: "live",
      event_type: "updated",
      severity: "info",
      message: `${nameOf(channel)} changed ${parts.join(" and ") || "its stream"}`,
      broadcaster_id: channel.broadcaster_id,
      data: {
        ...about(channel, null),
        ...(change.title !== undefined ? { title: change.title } : {}),
        ...(change.categoryName ? { category_name: change.categoryName } : {}),
      },
    };
  },

  /**
   * `detail` says it for the user: "viewers 12 < 50 (schedule #3)", "5 recordings are running already";
   * `values` are what it names, for the dashboard to say it in the reader's language (`schedules` with
   * their unmet rules, `max_concurrent`, the `problem` or `error` it quotes).
   */
  notRecorded(
    channel: LoggedChannel,
    stream: LoggedStream | null,
    reason: NotRecordedReason,
    detail: string,
    values: JsonObject = {},
  ): NewEventLog {
    return {
      domain: "live",
      event_type: "not_recorded",
      severity: reason === "error" ? "error" : "info",
      message: `${nameOf(channel)} is live but not recorded: ${detail}`,
      broadcaster_id: channel.broadcaster_id,
      data: { ...about(channel, stream), ...values, reason, detail },
    };
  },
};
