import { describe, expect, test } from "bun:test";
import { NOTIFICATION_EVENTS } from "../domain/notifications.ts";
import type { EventLog } from "../domain/ops.ts";
import {
  DEFAULT_TEMPLATES,
  linkFor,
  renderText,
  sampleValues,
  type TemplateValues,
  templateProblem,
  valuesOf,
} from "./templates.ts";

const values: TemplateValues = {
  event: "went_live",
  message: "Speedy went live",
  channel: "Speedy",
  channel_login: "speedy",
  title: "Any% attempts",
  category: "",
  video_id: "",
  url: "https://www.twitch.tv/speedy",
  reason: "",
  at: "2026-12-07T10:00:00.000Z",
};

describe("template problems name the variable and the fix", () => {
  test.each([
    ["{channel} is live", null],
    ["{{literal}} braces and {title}", null],
    ["{ channel }", null],
    [
      "{streamer} is live",
      "title uses an unknown variable {streamer}: use one of {event}, {message}, {channel}",
    ],
    ["{channel is live", "title has a { that is never closed: write {{ for a brace"],
    ["channel} is live", "title has a lone }: write }} for a brace"],
    ["{} is live", "title uses an unknown variable {}: use one of"],
  ])("%p", (title, problem) => {
    const found = templateProblem({ title, body: "" });
    if (problem === null) expect(found).toBeNull();
    else expect(found ?? "").toStartWith(problem);
  });

  test("the body is checked too, and named", () => {
    expect(templateProblem({ title: "ok", body: "{viewers} viewers" })).toStartWith(
      "body uses an unknown variable {viewers}",
    );
  });

  test("every default template is valid", () => {
    for (const event of NOTIFICATION_EVENTS) expect(templateProblem(DEFAULT_TEMPLATES[event])).toBeNull();
  });
});

describe("rendering", () => {
  test.each([
    ["variables are filled", "{channel} is live: {title}", "Speedy is live: Any% attempts"],
    ["double braces are literal", "{{channel}} = {channel}", "{channel} = Speedy"],
    [
      "a line whose variables are all empty goes",
      "{title}\n{category}\n{url}",
      "Any% attempts\nhttps://www.twitch.tv/speedy",
    ],
    ["so does a labelled one", "{title}\nCategory: {category}", "Any% attempts"],
    ["a line with one filled variable stays", "{channel} {category}", "Speedy"],
    ["plain lines stay, blank ones at the ends go", "\nHello\n\nthere\n", "Hello\n\nthere"],
  ])("%s", (_name, template, expected) => {
    expect(renderText(template, values)).toBe(expected);
  });
});

describe("an entry's variables", () => {
  const entry = (data: EventLog["data"]): EventLog => ({
    id: 7,
    domain: "recording",
    event_type: "finished",
    severity: "info",
    message: "Recording of speedy finished",
    actor_user_id: null,
    broadcaster_id: "41",
    data,
    created_at: "2026-12-07T10:00:00.000Z",
  });

  test("come from its data, the watch page on this server once there is a recording", () => {
    const full = valuesOf(
      entry({
        broadcaster_login: "speedy",
        broadcaster_name: "Speedy",
        title: "Any%",
        category_name: "Celeste",
        video_id: 42,
        reason: "stream ended",
      }),
      "recording_finished",
      "https://replayd.example/",
    );
    expect(full).toEqual({
      event: "recording_finished",
      message: "Recording of speedy finished",
      channel: "Speedy",
      channel_login: "speedy",
      title: "Any%",
      category: "Celeste",
      video_id: "42",
      url: "https://replayd.example/watch/42",
      reason: "stream ended",
      at: "2026-12-07T10:00:00.000Z",
    });
  });

  test("missing keys are empty; the channel falls back on its login, the link on Twitch", () => {
    expect(
      valuesOf(entry({ broadcaster_login: "speedy", title: ["not text"] }), "went_live", ""),
    ).toMatchObject({
      channel: "speedy",
      title: "",
      category: "",
      url: "https://www.twitch.tv/speedy",
    });
    expect(valuesOf(entry(null), "disk_low", "http://x")).toMatchObject({ channel: "", url: "" });
  });

  test.each([
    ["a recording on this server", "https://r.example", "42", "speedy", "https://r.example/watch/42"],
    ["no origin yet: the channel", "", "42", "speedy", "https://www.twitch.tv/speedy"],
    ["nothing to link", "https://r.example", "", "", ""],
  ])("links: %s", (_name, origin, videoId, login, expected) => {
    expect(linkFor(origin, videoId, login)).toBe(expected);
  });

  test("sample values fill every default template", () => {
    for (const event of NOTIFICATION_EVENTS) {
      const rendered = renderText(DEFAULT_TEMPLATES[event].title, sampleValues(event, "", values.at));
      expect(rendered.length).toBeGreaterThan(0);
    }
  });
});
