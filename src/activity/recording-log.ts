import type { EventBus } from "../bus/bus.ts";
import type { JsonObject } from "../domain/json.ts";
import type { EventSink, NewEventLog, Severity } from "../domain/ops.ts";
import type { RecorderEvents } from "../recorder/events.ts";
import { partWhy } from "../recorder/journal.ts";

type Started = RecorderEvents["recording.started"];

/** A stretch not recorded, said once it ends (an ad break is one entry, not one per segment). */
interface Skipping {
  kind: "ad" | string;
  seconds: number;
}

interface Followed {
  started: Started;
  skipping: Skipping | null;
  paused: boolean;
}

/** A gap's reason (GAP_REASONS) in words. */
const LOST_BECAUSE: Record<string, string> = {
  window_rolled: "it left Twitch's window before it was fetched",
  fetch_failed: "its segments could not be fetched",
  restart: "replayd was not running",
  malformed: "its segments were unreadable",
  disk_full: "the disk was full",
};

const seconds = (s: number) => (s >= 90 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`);
const size = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/**
 * Says in the event log what each recording does: started (by which schedule, or by hand), each part
 * opened and closed and why, ad breaks skipped, stretches lost, pauses for disk space, and how it ended.
 * It follows the recorder's bus events, so the recorder knows nothing of the log. Returns the unsubscribe.
 */
export function logRecordings(bus: EventBus<RecorderEvents>, sink: EventSink): () => void {
  const jobs = new Map<string, Followed>();
  const write = (job: Followed, type: string, severity: Severity, message: string, data: JsonObject = {}) => {
    const s = job.started;
    const entry: NewEventLog = {
      domain: "recording",
      event_type: type,
      severity,
      message: `${s.display_name || s.login}: ${message}`,
      broadcaster_id: s.broadcaster_id,
      data: {
        broadcaster_login: s.login,
        broadcaster_name: s.display_name,
        title: s.title,
        video_id: s.video_id,
        job_id: s.job_id,
        ...data,
      },
    };
    void sink.write(entry);
  };
  const endSkip = (job: Followed) => {
    const skip = job.skipping;
    if (!skip) return;
    job.skipping = null;
    if (skip.kind === "ad")
      write(job, "ads_skipped", "info", `ad break skipped (${seconds(skip.seconds)})`, {
        seconds: skip.seconds,
      });
    else
      write(
        job,
        "gap",
        "warn",
        `${seconds(skip.seconds)} of the broadcast lost: ${LOST_BECAUSE[skip.kind] ?? skip.kind}`,
        {
          seconds: skip.seconds,
          reason: skip.kind,
        },
      );
  };

  const off = [
    bus.on("recording.started", (started) => {
      const job: Followed = { started, skipping: null, paused: false };
      jobs.set(started.job_id, job);
      const how = started.resumed
        ? "recording resumed after a restart"
        : started.schedule_id !== null
          ? `recording started by schedule #${started.schedule_id} (${started.quality})`
          : `recording started by hand (${started.quality})`;
      write(job, "started", "info", how, {
        schedule_id: started.schedule_id,
        quality: started.quality,
        resumed: started.resumed,
      });
    }),
    bus.on("recording.part", (note) => {
      const job = jobs.get(note.job_id);
      if (!job) return;
      const why = partWhy(note.kind, note.cause);
      if (note.kind === "opened")
        write(job, "part_opened", "info", `part ${note.index} opened (${note.variant}): ${why}`, {
          part: note.index,
          rendition: note.variant,
          reason: why,
          ...note.cause,
        });
      else
        write(
          job,
          "part_closed",
          "info",
          `part ${note.index} closed (${seconds(note.duration_seconds)}, ${size(note.size_bytes)}): ${why}`,
          {
            part: note.index,
            reason: why,
            seconds: note.duration_seconds,
            bytes: note.size_bytes,
            ...note.cause,
          },
        );
    }),
    bus.on("recording.placed", (placed) => {
      const job = jobs.get(placed.job_id);
      if (!job) return;
      const kind = placed.recorded ? null : (placed.skipped ?? "lost");
      if (job.skipping && job.skipping.kind !== kind) endSkip(job);
      if (kind === null) return;
      job.skipping ??= { kind, seconds: 0 };
      job.skipping.seconds += placed.seconds;
    }),
    bus.on("recording.progress", (progress) => {
      const job = jobs.get(progress.job_id);
      if (!job) return;
      const paused = progress.stage === "paused";
      if (paused === job.paused) return;
      job.paused = paused;
      if (paused)
        write(job, "paused", "warn", `recording paused: ${progress.reason ?? "low disk space"}`, {
          reason: progress.reason,
        });
      else write(job, "unpaused", "info", "recording goes on: the pause is over");
    }),
    bus.on("recording.finished", (finished) => {
      const job = jobs.get(finished.job_id);
      if (!job) return;
      endSkip(job);
      jobs.delete(finished.job_id);
      if (finished.outcome === "failed")
        write(job, "failed", "error", `recording failed: ${finished.error ?? "unknown error"}`, {
          reason: finished.error,
        });
      else if (finished.outcome === "cancelled")
        write(job, "cancelled", "info", "recording cancelled; what it holds is kept");
      else
        write(
          job,
          "finished",
          finished.partial ? "warn" : "info",
          finished.partial
            ? "recording finished, partial: part of the broadcast was lost"
            : "recording finished",
          { partial: finished.partial },
        );
    }),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}
