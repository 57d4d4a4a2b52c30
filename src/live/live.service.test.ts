import { describe, expect, mock, test } from "bun:test";
import { FakeClock } from "../../tests/fakes/clock.ts";
import { strict } from "../../tests/fakes/strict.ts";
import type { NewEventLog, ServerSettings } from "../domain/ops.ts";
import type { Schedule } from "../domain/schedules.ts";
import { createLogger } from "../log/logger.ts";
import {
  AtCapacityError,
  ChannelBusyError,
  DiskSpaceError,
  type StartRequest,
} from "../recorder/recorder.service.ts";
import type { HelixStream } from "../twitch/helix.schemas.ts";
import type { LiveEvents } from "./events.ts";
import { LiveService, type LiveServiceDeps, type LiveStore } from "./live.service.ts";

// Live detection with strict fakes: what a channel going live, offline or changing its title makes the
// recorder do, which schedule wins, and what paused schedules hold back. Helix's lag runs on a fake clock.

const quiet = createLogger({ level: "fatal", format: "json" });

let ids = 0;
function schedule(fields: Partial<Schedule> = {}): Schedule {
  return {
    id: ++ids,
    broadcaster_id: "42",
    requested_by: "owner",
    quality: "source",
    recording_type: "video",
    force_h264: false,
    has_min_viewers: false,
    min_viewers: null,
    has_categories: false,
    has_tags: false,
    is_delete_rediff: false,
    time_before_delete: null,
    is_disabled: false,
    record_chat: true,
    last_triggered_at: null,
    trigger_count: 0,
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: "2026-01-01T00:00:00.000Z",
    categories: [],
    tags: [],
    ...fields,
  };
}

function stream(fields: Partial<HelixStream> = {}): HelixStream {
  return {
    id: "stream-1",
    user_id: "42",
    user_login: "kitchen_lab",
    user_name: "Kitchen_Lab",
    game_id: "509658",
    game_name: "Just Chatting",
    type: "live",
    title: "Cooking",
    tags: ["English"],
    viewer_count: 120,
    started_at: "2026-01-01T11:59:00Z",
    language: "en",
    thumbnail_url: "",
    ...fields,
  };
}

function world(
  options: {
    watched?: boolean;
    schedules?: Schedule[];
    paused?: boolean;
    /** What Helix answers each time it is asked (the last answer repeats). */
    helix?: (HelixStream | null)[];
    start?: (request: StartRequest) => Promise<{ jobId: string; videoId: number }>;
    active?: { jobId: string; videoId: number; mediaSeconds: number } | null;
    /** Schedules of the channel that are turned off. */
    disabled?: number;
  } = {},
) {
  const clock = new FakeClock();
  const events: { topic: keyof LiveEvents; payload: LiveEvents[keyof LiveEvents] }[] = [];
  const logged: NewEventLog[] = [];
  const answers = options.helix ?? [stream()];
  const helixAsked: number[] = [];
  const calls: string[] = [];
  const start = mock(options.start ?? (async () => ({ jobId: "job-1", videoId: 7 })));
  const recordTriggered = mock(async () => {});
  const recordChange = mock(async () => true);
  type Channel = NonNullable<Awaited<ReturnType<LiveStore["channels"]["getById"]>>>;
  const channel = strict<Channel>("channel", {
    broadcaster_id: "42",
    broadcaster_login: "kitchen_lab",
    broadcaster_name: "Kitchen_Lab",
  });
  const repo = strict<LiveStore>("repo", {
    channels: strict<LiveStore["channels"]>("repo.channels", {
      getById: async () => (options.watched === false ? null : channel),
    }),
    schedules: strict<LiveStore["schedules"]>("repo.schedules", {
      listActiveForBroadcaster: async () => options.schedules ?? [],
      countDisabledFor: async () => options.disabled ?? 0,
      recordTriggered,
    }),
    serverSettings: strict<LiveStore["serverSettings"]>("repo.serverSettings", {
      get: async () => strict<ServerSettings>("settings", { schedules_paused: options.paused ?? false }),
    }),
    streams: strict<LiveStore["streams"]>("repo.streams", {
      record: async () => {
        calls.push("streams.record");
        return {} as never;
      },
      endOpen: async () => {
        calls.push("streams.endOpen");
        return [];
      },
    }),
    timeline: strict<LiveStore["timeline"]>("repo.timeline", { recordChange }),
  });
  const deps: LiveServiceDeps = {
    repo,
    helix: strict<LiveServiceDeps["helix"]>("helix", {
      streams: async () => {
        helixAsked.push(clock.now());
        const answer = answers[Math.min(helixAsked.length - 1, answers.length - 1)];
        return answer ? [answer] : [];
      },
    }),
    recorder: strict<LiveServiceDeps["recorder"]>("recorder", {
      start,
      channelOnline: () => void calls.push("recorder.channelOnline"),
      channelOffline: () => void calls.push("recorder.channelOffline"),
      activeFor: () => options.active ?? null,
      isRecording: () => options.active != null,
    }),
    bus: strict<LiveServiceDeps["bus"]>("bus", {
      emit: (topic, payload) => void events.push({ topic, payload }),
    }),
    log: quiet,
    events: { write: async (entry) => void logged.push(entry) },
    clock,
  };
  return {
    clock,
    live: new LiveService(deps),
    events,
    logged,
    start,
    recordTriggered,
    recordChange,
    helixAsked,
    calls,
  };
}

describe("LiveService", () => {
  test("a channel going live is announced, and recorded as its best matching schedule says, kept as its strictest says", async () => {
    const audio = schedule({ recording_type: "audio", quality: "audio_only" });
    const hd = schedule({ quality: "720p", is_delete_rediff: true, time_before_delete: 48 });
    const full = schedule({ quality: "1080p", is_delete_rediff: true, time_before_delete: 72 });
    const w = world({ schedules: [audio, hd, full] });
    await w.live.online("42");
    expect(w.events[0]).toEqual({
      topic: "stream.status",
      payload: {
        kind: "online",
        broadcaster_id: "42",
        broadcaster_login: "kitchen_lab",
        display_name: "Kitchen_Lab",
        stream_id: "stream-1",
        at: "2026-01-01T12:00:00.000Z",
      },
    });
    expect(w.calls).toEqual(["recorder.channelOnline", "streams.record"]);
    expect(w.start.mock.calls[0]?.[0]).toMatchObject({
      broadcaster: { id: "42", login: "kitchen_lab", name: "Kitchen_Lab" },
      quality: "1080p",
      recordingType: "video",
      streamId: "stream-1",
      title: "Cooking",
      category: { id: "509658", name: "Just Chatting" },
      scheduleId: full.id,
      retention: { hours: 48, scheduleId: hd.id },
    });
    expect(w.recordTriggered).toHaveBeenCalledWith([audio.id, hd.id, full.id]);
    expect(w.events[1]).toEqual({
      topic: "stream.live",
      payload: {
        broadcaster_id: "42",
        broadcaster_login: "kitchen_lab",
        matched_schedules: [audio.id, hd.id, full.id],
        job_id: "job-1",
      },
    });
  });

  test("schedules without filters start at once; a filter waits for Helix, asked once a second", async () => {
    const plain = world({ schedules: [schedule()], helix: [null] });
    await plain.live.online("42");
    expect(plain.helixAsked).toEqual([plain.clock.now()]);
    expect(plain.start).toHaveBeenCalledTimes(1);

    const filtered = schedule({ has_min_viewers: true, min_viewers: 100 });
    const w = world({ schedules: [filtered], helix: [null, null, stream({ viewer_count: 150 })] });
    const going = w.live.online("42");
    await w.clock.advance(1_999);
    expect(w.start).not.toHaveBeenCalled();
    await w.clock.advance(1);
    await going;
    const t0 = w.helixAsked[0] as number;
    expect(w.helixAsked).toEqual([t0, t0 + 1_000, t0 + 2_000]);
    expect(w.start.mock.calls[0]?.[0]).toMatchObject({ scheduleId: filtered.id, viewerCount: 150 });
  });

  test("a stream that does not meet the filters is announced but not recorded", async () => {
    const w = world({ schedules: [schedule({ has_min_viewers: true, min_viewers: 500 })] });
    await w.live.online("42");
    expect(w.events.map((e) => e.topic)).toEqual(["stream.status"]);
    expect(w.start).not.toHaveBeenCalled();
  });

  test("paused schedules record nothing; the stream is still announced", async () => {
    const w = world({ schedules: [schedule()], paused: true });
    await w.live.online("42");
    expect(w.events.map((e) => e.topic)).toEqual(["stream.status"]);
    expect(w.start).not.toHaveBeenCalled();
    expect(w.recordTriggered).not.toHaveBeenCalled();
  });

  test("a channel that is not watched is ignored", async () => {
    const w = world({ watched: false, schedules: [schedule()] });
    await w.live.online("42");
    expect(w.events).toEqual([]);
    expect(w.calls).toEqual([]);
  });

  test("a channel already being recorded (a late or repeated notification) is not an error; other failures are logged, not thrown", async () => {
    for (const failure of [new ChannelBusyError("busy"), new Error("database away")]) {
      const w = world({
        schedules: [schedule()],
        start: async () => {
          throw failure;
        },
      });
      await w.live.online("42");
      expect(w.recordTriggered).not.toHaveBeenCalled();
      expect(w.events.map((e) => e.topic)).toEqual(["stream.status"]);
    }
  });

  test("going offline tells the recorder, closes the stream and is announced", async () => {
    const w = world();
    await w.clock.advance(90_000);
    await w.live.offline("42");
    expect(w.calls).toEqual(["recorder.channelOffline", "streams.endOpen"]);
    expect(w.events).toEqual([
      {
        topic: "stream.status",
        payload: {
          kind: "offline",
          broadcaster_id: "42",
          broadcaster_login: "kitchen_lab",
          display_name: "Kitchen_Lab",
          stream_id: null,
          at: "2026-01-01T12:01:30.000Z",
        },
      },
    ]);
  });

  test("a title or category change lands on the running recording's timeline at the media recorded so far", async () => {
    const w = world({ active: { jobId: "job-1", videoId: 7, mediaSeconds: 754.5 } });
    await w.live.updated("42", { title: "Dessert", categoryId: "1", categoryName: "Food" });
    expect(w.recordChange).toHaveBeenCalledWith(7, {
      title: "Dessert",
      category: { id: "1", name: "Food" },
      media_offset_seconds: 754.5,
    });
    const idle = world();
    await idle.live.updated("42", { title: "Dessert" });
    expect(idle.recordChange).not.toHaveBeenCalled();
  });

  test("a schedule created while its channel is live records at once, unless disabled or the channel is recorded already", async () => {
    const created = schedule({ quality: "720p" });
    const w = world({ schedules: [created] });
    await w.live.scheduleChanged(created);
    expect(w.start.mock.calls[0]?.[0]).toMatchObject({ quality: "720p", scheduleId: created.id });

    const disabled = world({ schedules: [created] });
    await disabled.live.scheduleChanged({ ...created, is_disabled: true });
    const busy = world({ schedules: [created], active: { jobId: "job-0", videoId: 1, mediaSeconds: 0 } });
    await busy.live.scheduleChanged(created);
    expect(disabled.start).not.toHaveBeenCalled();
    expect(busy.start).not.toHaveBeenCalled();
  });

  // Every go-live says in the event log why it was or was not recorded, in words and as a code.
  const explained: [string, Parameters<typeof world>[0], string | null, string][] = [
    ["no schedule", {}, "no_schedule", "no schedule for this channel"],
    ["only a turned-off schedule", { disabled: 1 }, "schedule_paused", "its schedule is turned off"],
    [
      "every schedule paused",
      { schedules: [schedule()], paused: true },
      "schedules_paused",
      "every schedule is paused",
    ],
    [
      "too few viewers",
      { schedules: [schedule({ id: 901, has_min_viewers: true, min_viewers: 500 })] },
      "no_match",
      "viewers 120 < 500 (schedule #901)",
    ],
    [
      "category not in the list",
      { schedules: [schedule({ id: 902, has_categories: true, categories: [{ id: "1", name: "Chess" }] })] },
      "no_match",
      "category Just Chatting not in the list (schedule #902)",
    ],
    [
      "already recording",
      { schedules: [schedule()], start: async () => Promise.reject(new ChannelBusyError("busy")) },
      "already_recording",
      "already recording this channel",
    ],
    [
      "max_concurrent reached",
      {
        schedules: [schedule()],
        start: async () => Promise.reject(new AtCapacityError("5 recordings are running already")),
      },
      "at_capacity",
      "max_concurrent reached: 5 recordings are running already",
    ],
    [
      "disk full",
      {
        schedules: [schedule()],
        start: async () => Promise.reject(new DiskSpaceError("not recording: disk")),
      },
      "disk_space",
      "not recording: disk",
    ],
    ["recorded", { schedules: [schedule()] }, null, "Kitchen_Lab went live: Cooking (Just Chatting)"],
  ];
  test.each(explained)("go-live, %s: the event log says why", async (_name, options, reason, words) => {
    const w = world(options);
    await w.live.online("42");
    expect(w.logged[0]).toMatchObject({
      domain: "live",
      event_type: "online",
      broadcaster_id: "42",
      message: "Kitchen_Lab went live: Cooking (Just Chatting)",
      data: { broadcaster_login: "kitchen_lab", title: "Cooking", category_name: "Just Chatting" },
    });
    const notRecorded = w.logged.filter((e) => e.event_type === "not_recorded");
    if (reason === null) {
      expect(notRecorded).toEqual([]);
      return;
    }
    expect(notRecorded).toHaveLength(1);
    expect(notRecorded[0]).toMatchObject({ domain: "live", broadcaster_id: "42", data: { reason } });
    expect(notRecorded[0]?.message).toStartWith("Kitchen_Lab is live but not recorded: ");
    expect(notRecorded[0]?.message).toContain(words);
  });

  // What the sentence names is in `data` too, for the dashboard to say it in the reader's language.
  const valued: [string, Parameters<typeof world>[0], Record<string, unknown>][] = [
    [
      "no match",
      {
        schedules: [
          schedule({ id: 903, has_min_viewers: true, min_viewers: 500 }),
          schedule({ id: 904, is_disabled: true }),
        ],
      },
      {
        schedules: [
          { schedule_id: 903, unmet: [{ rule: "min_viewers", viewers: 120, min_viewers: 500 }] },
          { schedule_id: 904, unmet: [{ rule: "turned_off" }] },
        ],
        detail: "viewers 120 < 500 (schedule #903); schedule turned off (schedule #904)",
      },
    ],
    [
      "max_concurrent reached",
      {
        schedules: [schedule()],
        start: async () => Promise.reject(new AtCapacityError("5 recordings are running already", 5)),
      },
      { max_concurrent: 5 },
    ],
    [
      "disk full",
      {
        schedules: [schedule()],
        start: async () =>
          Promise.reject(new DiskSpaceError("not recording kitchen_lab: the disk", "the disk")),
      },
      { problem: "the disk" },
    ],
    [
      "an error",
      { schedules: [schedule()], start: async () => Promise.reject(new Error("the database went away")) },
      { error: "the database went away", detail: "the recording could not start: the database went away" },
    ],
  ];
  test.each(valued)(
    "go-live, %s: the entry's data names what its sentence says",
    async (_name, options, data) => {
      const w = world(options);
      await w.live.online("42");
      expect(w.logged.find((e) => e.event_type === "not_recorded")?.data).toMatchObject(data);
    },
  );

  test("going offline and a title change are in the event log too", async () => {
    const w = world();
    await w.live.offline("42");
    await w.live.updated("42", { title: "Baking", categoryName: "Food & Drink" });
    expect(w.logged.map((e) => [e.event_type, e.message])).toEqual([
      ["offline", "Kitchen_Lab went offline"],
      ["updated", 'Kitchen_Lab changed title "Baking" and category Food & Drink'],
    ]);
  });
});
