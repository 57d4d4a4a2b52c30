import { describe, expect, test } from "bun:test";
import {
  type LiveStream,
  matches,
  recordingQuality,
  retention,
  type ScheduleRule,
  unmetRuleCodes,
  unmetRuleWords,
  winner,
} from "./schedule-rules.ts";

const schedule = (over: Partial<ScheduleRule> = {}): ScheduleRule => ({
  id: 1,
  quality: "source",
  recording_type: "video",
  force_h264: false,
  has_min_viewers: false,
  min_viewers: null,
  has_categories: false,
  categories: [],
  has_tags: false,
  tags: [],
  is_delete_rediff: false,
  time_before_delete: null,
  is_disabled: false,
  ...over,
});
const stream = (over: Partial<LiveStream> = {}): LiveStream => ({
  viewer_count: 100,
  category_id: "509658",
  tags: ["English"],
  ...over,
});

describe("matches", () => {
  test.each([
    ["no filters", schedule(), stream(), true],
    ["disabled", schedule({ is_disabled: true }), stream(), false],
    ["enough viewers", schedule({ has_min_viewers: true, min_viewers: 100 }), stream(), true],
    ["too few viewers", schedule({ has_min_viewers: true, min_viewers: 101 }), stream(), false],
    ["a listed category", schedule({ has_categories: true, categories: [{ id: "509658" }] }), stream(), true],
    ["another category", schedule({ has_categories: true, categories: [{ id: "21779" }] }), stream(), false],
    [
      "no category on the stream",
      schedule({ has_categories: true, categories: [{ id: "509658" }] }),
      stream({ category_id: "" }),
      false,
    ],
    ["a shared tag, any case", schedule({ has_tags: true, tags: [{ name: "english" }] }), stream(), true],
    ["no shared tag", schedule({ has_tags: true, tags: [{ name: "French" }] }), stream(), false],
    [
      "every filter at once, all passing",
      schedule({
        has_min_viewers: true,
        min_viewers: 50,
        has_categories: true,
        categories: [{ id: "509658" }],
        has_tags: true,
        tags: [{ name: "English" }],
      }),
      stream(),
      true,
    ],
    [
      "every filter at once, one failing",
      schedule({
        has_min_viewers: true,
        min_viewers: 500,
        has_categories: true,
        categories: [{ id: "509658" }],
      }),
      stream(),
      false,
    ],
  ])("%s → %p", (_name, s, live, expected) => {
    expect(matches(s, live)).toBe(expected);
  });
});

describe("winner and retention", () => {
  test("video beats audio, then the higher quality, then the oldest schedule", () => {
    const audio = schedule({ id: 1, recording_type: "audio", quality: "audio_only" });
    const p720 = schedule({ id: 2, quality: "720p" });
    const source = schedule({ id: 3, quality: "source" });
    const sourceLater = schedule({ id: 4, quality: "source" });
    expect(winner([audio, p720, sourceLater, source])?.id).toBe(3);
    expect(winner([audio, p720])?.id).toBe(2);
    expect(winner([])).toBeNull();
  });

  test("the shortest enabled delete window wins; none means kept forever", () => {
    const keep = schedule({ id: 1 });
    const week = schedule({ id: 2, is_delete_rediff: true, time_before_delete: 168 });
    const day = schedule({ id: 3, is_delete_rediff: true, time_before_delete: 24 });
    const dayOlder = schedule({ id: 0, is_delete_rediff: true, time_before_delete: 24 });
    expect(retention([keep, week, day, dayOlder])).toEqual({ hours: 24, scheduleId: 0 });
    expect(retention([keep])).toBeNull();
  });

  test("audio schedules record the audio rendition", () => {
    expect(recordingQuality(schedule({ recording_type: "audio", quality: "720p" }))).toBe("audio_only");
    expect(recordingQuality(schedule({ quality: "720p" }))).toBe("720p");
  });
});

describe("unmetRuleCodes, in words, says which rule a live stream fails, and agrees with matches", () => {
  const cases: [string, Partial<ScheduleRule>, Partial<LiveStream>, string[]][] = [
    ["no filter", {}, {}, []],
    ["turned off", { is_disabled: true }, {}, ["schedule turned off"]],
    [
      "too few viewers",
      { has_min_viewers: true, min_viewers: 50 },
      { viewer_count: 12 },
      ["viewers 12 < 50"],
    ],
    ["just enough viewers", { has_min_viewers: true, min_viewers: 50 }, { viewer_count: 50 }, []],
    [
      "category elsewhere",
      { has_categories: true, categories: [{ id: "1" }] },
      { category_id: "509658" },
      ["category Just Chatting not in the list"],
    ],
    [
      "no category",
      { has_categories: true, categories: [{ id: "1" }] },
      { category_id: "" },
      ["no category set, the schedule wants one from its list"],
    ],
    ["tag matches in any case", { has_tags: true, tags: [{ name: "english" }] }, {}, []],
    ["no wanted tag", { has_tags: true, tags: [{ name: "speedrun" }] }, {}, ["none of the wanted tags"]],
    [
      "no tags at all",
      { has_tags: true, tags: [{ name: "speedrun" }] },
      { tags: [] },
      ["no tags, none of the wanted ones"],
    ],
    [
      "every failing rule",
      { has_min_viewers: true, min_viewers: 500, has_tags: true, tags: [{ name: "speedrun" }] },
      {},
      ["viewers 100 < 500", "none of the wanted tags"],
    ],
  ];
  test.each(cases)("%s", (_name, rule, live, expected) => {
    expect(unmetRuleCodes(schedule(rule), stream(live), "Just Chatting").map(unmetRuleWords)).toEqual(
      expected,
    );
    expect(matches(schedule(rule), stream(live))).toBe(expected.length === 0);
  });
});

test("the unmet rules as codes carry the values their words name (the dashboard says them in its language)", () => {
  const rule = {
    has_min_viewers: true,
    min_viewers: 500,
    has_categories: true,
    categories: [{ id: "1" }],
    has_tags: true,
    tags: [{ name: "speedrun" }],
  };
  expect(unmetRuleCodes(schedule(rule), stream({ category_id: "509658" }), "Just Chatting")).toEqual([
    { rule: "min_viewers", viewers: 100, min_viewers: 500 },
    { rule: "category", category: "Just Chatting" },
    { rule: "tags" },
  ]);
  expect(unmetRuleCodes(schedule({ is_disabled: true }), stream({}))).toEqual([{ rule: "turned_off" }]);
  expect(unmetRuleCodes(schedule(rule), stream({ category_id: "", tags: [] }))).toEqual([
    { rule: "min_viewers", viewers: 100, min_viewers: 500 },
    { rule: "no_category" },
    { rule: "no_tags" },
  ]);
});
