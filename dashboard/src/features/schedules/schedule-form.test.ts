import { describe, expect, test } from "bun:test";
import {
  emptyScheduleForm,
  formFromSchedule,
  type ScheduleFormValues,
  validateScheduleForm,
} from "./schedule-form";

const base = emptyScheduleForm("12345");
const form = (patch: Partial<ScheduleFormValues>): ScheduleFormValues => ({ ...base, ...patch });

describe("validateScheduleForm: errors", () => {
  test.each<{ name: string; patch: Partial<ScheduleFormValues>; errors: Record<string, string> }>([
    { name: "no channel", patch: { broadcaster_id: "" }, errors: { broadcaster_id: "channelRequired" } },
    {
      name: "a channel id that is not a Twitch id",
      patch: { broadcaster_id: "abc" },
      errors: { broadcaster_id: "channelRequired" },
    },
    {
      name: "min viewers on, empty",
      patch: { has_min_viewers: true, min_viewers: " " },
      errors: { min_viewers: "minViewersRequired" },
    },
    {
      name: "min viewers not a number",
      patch: { has_min_viewers: true, min_viewers: "ten" },
      errors: { min_viewers: "minViewersRange" },
    },
    {
      name: "min viewers negative",
      patch: { has_min_viewers: true, min_viewers: "-1" },
      errors: { min_viewers: "minViewersRange" },
    },
    {
      name: "min viewers too many",
      patch: { has_min_viewers: true, min_viewers: "10000001" },
      errors: { min_viewers: "minViewersRange" },
    },
    {
      name: "categories on, none picked",
      patch: { has_categories: true },
      errors: { category_ids: "categoriesRequired" },
    },
    { name: "tags on, none picked", patch: { has_tags: true }, errors: { tag_ids: "tagsRequired" } },
    {
      name: "deletion on, no hours",
      patch: { is_delete_rediff: true },
      errors: { time_before_delete: "hoursRequired" },
    },
    {
      name: "deletion after 0 hours",
      patch: { is_delete_rediff: true, time_before_delete: "0" },
      errors: { time_before_delete: "hoursRange" },
    },
    {
      name: "deletion after 1.5 hours",
      patch: { is_delete_rediff: true, time_before_delete: "1.5" },
      errors: { time_before_delete: "hoursRange" },
    },
    {
      name: "deletion after more than ten years",
      patch: { is_delete_rediff: true, time_before_delete: "87601" },
      errors: { time_before_delete: "hoursRange" },
    },
    {
      name: "every problem at once",
      patch: {
        broadcaster_id: "",
        has_min_viewers: true,
        has_categories: true,
        has_tags: true,
        is_delete_rediff: true,
      },
      errors: {
        broadcaster_id: "channelRequired",
        min_viewers: "minViewersRequired",
        category_ids: "categoriesRequired",
        tag_ids: "tagsRequired",
        time_before_delete: "hoursRequired",
      },
    },
  ])("$name", ({ patch, errors }) => {
    expect(validateScheduleForm(form(patch))).toEqual({ ok: false, errors });
  });
});

describe("validateScheduleForm: payloads", () => {
  test("defaults: every filter off, nothing sent for them", () => {
    expect(validateScheduleForm(base)).toEqual({
      ok: true,
      broadcaster_id: "12345",
      rule: {
        quality: "source",
        recording_type: "video",
        force_h264: false,
        has_min_viewers: false,
        min_viewers: null,
        has_categories: false,
        category_ids: [],
        has_tags: false,
        tag_ids: [],
        is_delete_rediff: false,
        time_before_delete: null,
        is_disabled: false,
        record_chat: true,
      },
    });
  });

  test("chat is recorded unless switched off", () => {
    const result = validateScheduleForm(form({ record_chat: false }));
    expect(result.ok && result.rule.record_chat).toBe(false);
  });

  test("filters on carry their values", () => {
    const result = validateScheduleForm(
      form({
        has_min_viewers: true,
        min_viewers: " 0 ",
        has_categories: true,
        categories: [{ id: "509658", name: "Just Chatting" }],
        has_tags: true,
        tag_ids: [3, 7],
        is_delete_rediff: true,
        time_before_delete: "48",
      }),
    );
    expect(result.ok && result.rule).toMatchObject({
      min_viewers: 0,
      category_ids: ["509658"],
      tag_ids: [3, 7],
      time_before_delete: 48,
    });
  });

  test("values typed before a filter was switched off are not sent", () => {
    const result = validateScheduleForm(
      form({
        has_min_viewers: false,
        min_viewers: "junk",
        categories: [{ id: "1", name: "A" }],
        tag_ids: [1],
        time_before_delete: "x",
      }),
    );
    expect(result.ok && result.rule).toMatchObject({
      min_viewers: null,
      category_ids: [],
      tag_ids: [],
      time_before_delete: null,
    });
  });

  test("audio recordings never force H.264", () => {
    const result = validateScheduleForm(form({ recording_type: "audio", force_h264: true }));
    expect(result.ok && result.rule.force_h264).toBe(false);
  });
});

test("an existing schedule round-trips through the form", () => {
  const schedule = {
    broadcaster_id: "42",
    quality: "720p" as const,
    recording_type: "video" as const,
    force_h264: true,
    has_min_viewers: true,
    min_viewers: 50,
    has_categories: true,
    has_tags: true,
    is_delete_rediff: true,
    time_before_delete: 24,
    is_disabled: true,
    record_chat: false,
    categories: [{ id: "9", name: "Chess" }],
    tags: [{ id: 4, name: "English" }],
  };
  const result = validateScheduleForm(formFromSchedule(schedule));
  expect(result).toEqual({
    ok: true,
    broadcaster_id: "42",
    rule: {
      quality: "720p",
      recording_type: "video",
      force_h264: true,
      has_min_viewers: true,
      min_viewers: 50,
      has_categories: true,
      category_ids: ["9"],
      has_tags: true,
      tag_ids: [4],
      is_delete_rediff: true,
      time_before_delete: 24,
      is_disabled: true,
      record_chat: false,
    },
  });
});
