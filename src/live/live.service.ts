import type { EventBus } from "../bus/bus.ts";
import type { ChannelRepository } from "../db/repos/channels.repo.ts";
import type { ScheduleRepository } from "../db/repos/schedules.repo.ts";
import type { ServerSettingsRepository } from "../db/repos/server-settings.repo.ts";
import type { StreamRepository } from "../db/repos/streams.repo.ts";
import type { TimelineRepository } from "../db/repos/timeline.repo.ts";
import { NotFoundError } from "../domain/errors.ts";
import type { JsonObject } from "../domain/json.ts";
import { type EventSink, noEvents } from "../domain/ops.ts";
import type { Schedule } from "../domain/schedules.ts";
import type { RecordingType } from "../domain/videos.ts";
import { type Clock, systemClock } from "../lib/clock.ts";
import type { Logger } from "../log/logger.ts";
import {
  AtCapacityError,
  ChannelBusyError,
  DiskSpaceError,
  type RecorderService,
  RecorderUnavailableError,
} from "../recorder/recorder.service.ts";
import {
  matches,
  recordingQuality,
  retention,
  unmetRuleCodes,
  unmetRuleWords,
  winner,
} from "../schedules/schedule-rules.ts";
import type { HelixClient } from "../twitch/helix.client.ts";
import type { HelixStream } from "../twitch/helix.schemas.ts";
import type { Quality } from "../twitch/variant.ts";
import type { LiveEvents } from "./events.ts";
import { type LoggedChannel, liveLog, type NotRecordedReason } from "./live-log.ts";

/** What live detection reads and writes in the database. */
export interface LiveStore {
  channels: Pick<ChannelRepository, "getById">;
  schedules: Pick<ScheduleRepository, "listActiveForBroadcaster" | "recordTriggered" | "countDisabledFor">;
  serverSettings: Pick<ServerSettingsRepository, "get">;
  streams: Pick<StreamRepository, "record" | "endOpen">;
  timeline: Pick<TimelineRepository, "recordChange">;
}

export interface LiveServiceDeps {
  repo: LiveStore;
  helix: Pick<HelixClient, "streams">;
  recorder: Pick<RecorderService, "start" | "channelOnline" | "channelOffline" | "activeFor" | "isRecording">;
  bus: Pick<EventBus<LiveEvents>, "emit">;
  log: Pick<Logger, "info" | "warn" | "error">;
  /** The event log: went live, offline, and why a go-live was not recorded. */
  events?: EventSink;
  /** How many times (1 s apart) to ask Helix for a stream an EventSub message just announced. */
  hydrateAttempts?: number;
  /** The real clock unless a test moves time by hand. */
  clock?: Clock;
}

/**
 * Turns "this channel went live / offline / changed its title" into what users asked for: stream rows,
 * bus events, the recording their schedules select (best quality wins; retention from the strictest
 * schedule), title and category changes on the running recording's timeline. Whatever noticed the change
 * (EventSub, the poller, a new schedule) calls in here.
 */
export class LiveService {
  private readonly clock: Clock;
  private readonly events: EventSink;

  constructor(private readonly deps: LiveServiceDeps) {
    this.clock = deps.clock ?? systemClock;
    this.events = deps.events ?? noEvents;
  }

  /**
   * A channel went live. `known` is what the caller already has from Helix (the poller); EventSub callers
   * pass nothing and the stream is looked up (Helix lists a stream a little after the video starts).
   */
  async online(broadcasterId: string, known?: HelixStream): Promise<void> {
    const { repo, recorder, bus, log } = this.deps;
    const channel = await repo.channels.getById(broadcasterId);
    if (!channel) return;
    recorder.channelOnline(broadcasterId);
    const schedules = await repo.schedules.listActiveForBroadcaster(broadcasterId);
    // Only filters need the stream's details; without them the recording starts at once, not after Helix.
    const needsDetails = schedules.some((s) => s.has_min_viewers || s.has_categories || s.has_tags);
    const stream = known ?? (await this.hydrate(broadcasterId, needsDetails));
    if (stream) await this.remember(stream);
    bus.emit("stream.status", {
      kind: "online",
      broadcaster_id: broadcasterId,
      broadcaster_login: channel.broadcaster_login,
      display_name: channel.broadcaster_name,
      stream_id: stream?.id ?? null,
      at: new Date(this.clock.now()).toISOString(),
    });
    await this.events.write(liveLog.online(channel, stream));
    if (schedules.length === 0) {
      if (recorder.isRecording(broadcasterId)) return;
      const off = await repo.schedules.countDisabledFor(broadcasterId);
      return off > 0
        ? this.notRecorded(channel, stream, "schedule_paused", `its schedule is turned off`)
        : this.notRecorded(channel, stream, "no_schedule", "no schedule for this channel");
    }
    if ((await repo.serverSettings.get()).schedules_paused) {
      log.info({ channel: channel.broadcaster_login }, "schedules are paused: not recording");
      return this.notRecorded(channel, stream, "schedules_paused", "every schedule is paused (System)");
    }
    await this.dispatch(channel, schedules, stream, schedules);
  }

  async offline(broadcasterId: string): Promise<void> {
    const { repo, recorder, bus } = this.deps;
    recorder.channelOffline(broadcasterId);
    await repo.streams.endOpen(broadcasterId);
    const channel = await repo.channels.getById(broadcasterId);
    bus.emit("stream.status", {
      kind: "offline",
      broadcaster_id: broadcasterId,
      broadcaster_login: channel?.broadcaster_login ?? null,
      display_name: channel?.broadcaster_name ?? null,
      stream_id: null,
      at: new Date(this.clock.now()).toISOString(),
    });
    if (channel) await this.events.write(liveLog.offline(channel));
  }

  /** Title or category changed: placed on the running recording's timeline at the media recorded so far. */
  async updated(
    broadcasterId: string,
    change: { title?: string; categoryId?: string; categoryName?: string },
  ): Promise<void> {
    const channel = await this.deps.repo.channels.getById(broadcasterId);
    if (channel) await this.events.write(liveLog.updated(channel, change));
    const running = this.deps.recorder.activeFor(broadcasterId);
    if (!running) return;
    await this.deps.repo.timeline.recordChange(running.videoId, {
      title: change.title ?? undefined,
      category: change.categoryId ? { id: change.categoryId, name: change.categoryName ?? "" } : undefined,
      media_offset_seconds: running.mediaSeconds,
    });
  }

  /**
   * A schedule was created or enabled: if its channel is live right now and the schedule matches, record at
   * once (the winner is still chosen among every matching schedule).
   */
  async scheduleChanged(schedule: Schedule): Promise<void> {
    if (schedule.is_disabled || this.deps.recorder.isRecording(schedule.broadcaster_id)) return;
    const [stream] = await this.deps.helix.streams([schedule.broadcaster_id]);
    if (!stream) return;
    const channel = await this.deps.repo.channels.getById(schedule.broadcaster_id);
    if (!channel || (await this.deps.repo.serverSettings.get()).schedules_paused) return;
    await this.remember(stream);
    const all = await this.deps.repo.schedules.listActiveForBroadcaster(schedule.broadcaster_id);
    await this.dispatch(
      channel,
      all,
      stream,
      all.filter((s) => s.id === schedule.id),
    );
  }

  /**
   * Record a channel now, whatever the schedules say (the dashboard's "record now"). The stream's details
   * come from Helix when it answers; the recorder waits for the stream if it has not started yet.
   * @throws NotFoundError (channel not watched), ChannelBusyError, AtCapacityError
   */
  async recordNow(
    broadcasterId: string,
    options: { quality: Quality; recordingType: RecordingType; forceH264: boolean },
  ): Promise<{ jobId: string; videoId: number }> {
    const channel = await this.deps.repo.channels.getById(broadcasterId);
    if (!channel) {
      throw new NotFoundError(
        `channel ${broadcasterId} is not watched yet: add it first (channel.syncFromTwitch)`,
      );
    }
    const stream = await this.hydrate(broadcasterId, false);
    if (stream) await this.remember(stream);
    return this.deps.recorder.start({
      broadcaster: {
        id: channel.broadcaster_id,
        login: channel.broadcaster_login,
        name: channel.broadcaster_name,
      },
      quality: options.recordingType === "audio" ? "audio_only" : options.quality,
      recordingType: options.recordingType,
      forceH264: options.forceH264,
      title: stream?.title ?? "",
      language: stream?.language || "en",
      streamId: stream?.id ?? null,
      viewerCount: stream?.viewer_count ?? 0,
      category: stream?.game_id ? { id: stream.game_id, name: stream.game_name } : null,
      tags: stream?.tags ?? [],
    });
  }

  private async dispatch(
    channel: { broadcaster_id: string; broadcaster_login: string; broadcaster_name: string },
    schedules: Schedule[],
    stream: HelixStream | null,
    required: Schedule[],
  ): Promise<void> {
    const live = {
      viewer_count: stream?.viewer_count ?? 0,
      category_id: stream?.game_id ?? "",
      tags: stream?.tags ?? [],
    };
    const matching = schedules.filter((s) => matches(s, live));
    if (!required.some((s) => matching.includes(s))) {
      // Only a go-live is explained: a schedule changed while live says nothing when it does not match.
      if (required.length === schedules.length) {
        const unmet = schedules.map((s) => ({
          schedule_id: s.id,
          unmet: unmetRuleCodes(s, live, stream?.game_name),
        }));
        const why = unmet
          .map((s) => `${s.unmet.map(unmetRuleWords).join(", ")} (schedule #${s.schedule_id})`)
          .join("; ");
        await this.notRecorded(channel, stream, "no_match", why, { schedules: unmet });
      }
      return;
    }
    const chosen = winner(matching) as Schedule;
    try {
      const started = await this.deps.recorder.start({
        broadcaster: {
          id: channel.broadcaster_id,
          login: channel.broadcaster_login,
          name: channel.broadcaster_name,
        },
        quality: recordingQuality(chosen),
        recordingType: chosen.recording_type,
        forceH264: chosen.force_h264,
        title: stream?.title ?? "",
        language: stream?.language || "en",
        streamId: stream?.id ?? null,
        viewerCount: stream?.viewer_count ?? 0,
        category: stream?.game_id ? { id: stream.game_id, name: stream.game_name } : null,
        tags: stream?.tags ?? [],
        scheduleId: chosen.id,
        retention: retention(matching),
      });
      await this.deps.repo.schedules.recordTriggered(matching.map((s) => s.id));
      this.deps.bus.emit("stream.live", {
        broadcaster_id: channel.broadcaster_id,
        broadcaster_login: channel.broadcaster_login,
        matched_schedules: matching.map((s) => s.id),
        job_id: started.jobId,
      });
    } catch (err) {
      const message = (err as Error).message;
      // Already recording this channel (a duplicate or late notification): nothing to do but say so.
      if (err instanceof ChannelBusyError)
        return this.notRecorded(channel, stream, "already_recording", "already recording this channel");
      if (err instanceof AtCapacityError)
        return this.notRecorded(
          channel,
          stream,
          "at_capacity",
          `max_concurrent reached: ${message}`,
          err.maxConcurrent === null ? {} : { max_concurrent: err.maxConcurrent },
        );
      if (err instanceof DiskSpaceError || err instanceof RecorderUnavailableError)
        return this.notRecorded(
          channel,
          stream,
          err instanceof DiskSpaceError ? "disk_space" : "unavailable",
          message,
          err.problem === null ? {} : { problem: err.problem },
        );
      this.deps.log.error({ err, channel: channel.broadcaster_login }, "could not start the recording");
      await this.notRecorded(channel, stream, "error", `the recording could not start: ${message}`, {
        error: message,
      });
    }
  }

  private notRecorded(
    channel: LoggedChannel,
    stream: HelixStream | null,
    reason: NotRecordedReason,
    detail: string,
    values?: JsonObject,
  ): Promise<void> {
    return this.events.write(liveLog.notRecorded(channel, stream, reason, detail, values));
  }

  /** The stream as Helix lists it, asking a few times while Helix catches up with EventSub. */
  private async hydrate(broadcasterId: string, needed: boolean): Promise<HelixStream | null> {
    const attempts = needed ? (this.deps.hydrateAttempts ?? 3) : 1;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const [stream] = await this.deps.helix.streams([broadcasterId]);
        if (stream) return stream;
      } catch (err) {
        this.deps.log.warn({ err: (err as Error).message }, "Helix could not describe the stream");
      }
      if (attempt < attempts) await this.clock.sleep(1000);
    }
    return null;
  }

  private async remember(stream: HelixStream): Promise<void> {
    await this.deps.repo.streams
      .record({
        id: stream.id,
        broadcaster_id: stream.user_id,
        type: stream.type,
        language: stream.language || null,
        thumbnail_url: stream.thumbnail_url || null,
        viewer_count: stream.viewer_count,
        started_at: stream.started_at,
        title: stream.title,
        category: stream.game_id ? { id: stream.game_id, name: stream.game_name } : null,
        tags: stream.tags ?? [],
      })
      .catch((err) => this.deps.log.warn({ err: (err as Error).message }, "could not store the stream"));
  }
}
