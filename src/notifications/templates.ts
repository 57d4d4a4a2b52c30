import type { JsonObject } from "../domain/json.ts";
import {
  type NotificationEvent,
  type NotificationTemplate,
  TEMPLATE_VARIABLES,
  type TemplateVariable,
} from "../domain/notifications.ts";
import type { EventLog } from "../domain/ops.ts";

// Message templates: `{name}` is a variable (TEMPLATE_VARIABLES), `{{` and `}}` are literal braces.
// Pure: the notifier renders with an entry's variables, the API previews with sample ones.

export type TemplateValues = Record<TemplateVariable, string>;

/** What each event says when its target has no template of its own. */
export const DEFAULT_TEMPLATES: Record<NotificationEvent, NotificationTemplate> = {
  went_live: { title: "{channel} is live", body: "{title}\n{category}\n{url}" },
  recording_started: { title: "Recording {channel}", body: "{title}\n{category}" },
  recording_finished: { title: "Recording of {channel} finished", body: "{title}\n{url}" },
  recording_failed: { title: "Recording of {channel} failed", body: "{reason}\n{title}\n{url}" },
  disk_low: { title: "Disk space is low", body: "{message}" },
  eventsub_broken: { title: "Live detection needs attention", body: "{message}\n{reason}" },
};

/** Longest template texts accepted (the services cut longer messages anyway). */
export const MAX_TEMPLATE_TITLE = 250;
export const MAX_TEMPLATE_BODY = 2000;

type Piece = { text: string } | { variable: TemplateVariable };

/** A template cut into text and variables, or what is wrong with it (naming the variable, and the fix). */
export function parseTemplate(text: string): { pieces: Piece[] } | { problem: string } {
  const pieces: Piece[] = [];
  let literal = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const next = text[i + 1];
    if ((ch === "{" && next === "{") || (ch === "}" && next === "}")) {
      literal += ch;
      i++;
      continue;
    }
    if (ch === "}") return { problem: "has a lone }: write }} for a brace" };
    if (ch !== "{") {
      literal += ch;
      continue;
    }
    const end = text.indexOf("}", i + 1);
    if (end < 0) return { problem: "has a { that is never closed: write {{ for a brace" };
    const name = text.slice(i + 1, end).trim();
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name)) {
      const known = TEMPLATE_VARIABLES.map((v) => `{${v}}`).join(", ");
      return { problem: `uses an unknown variable {${name}}: use one of ${known}` };
    }
    if (literal) pieces.push({ text: literal });
    literal = "";
    pieces.push({ variable: name as TemplateVariable });
    i = end;
  }
  if (literal) pieces.push({ text: literal });
  return { pieces };
}

/** What is wrong with a template, naming its field ("title uses an unknown variable {foo}: …"), or null. */
export function templateProblem(template: NotificationTemplate): string | null {
  for (const field of ["title", "body"] as const) {
    const parsed = parseTemplate(template[field]);
    if ("problem" in parsed) return `${field} ${parsed.problem}`;
  }
  return null;
}

/**
 * Renders one template text. A line whose variables all came out empty (a stream without a category) is
 * dropped, so a message never shows a blank where a value was missing. @throws Error on a bad template
 * (saved templates were checked, so that is a bug)
 */
export function renderText(text: string, values: TemplateValues): string {
  const parsed = parseTemplate(text);
  if ("problem" in parsed) throw new Error(`template ${parsed.problem}`);
  const lines: { text: string; variables: number; filled: number }[] = [
    { text: "", variables: 0, filled: 0 },
  ];
  for (const piece of parsed.pieces) {
    const parts = ("text" in piece ? piece.text : values[piece.variable]).split("\n");
    const current = lines[lines.length - 1] as (typeof lines)[0];
    if ("variable" in piece) {
      current.variables++;
      if (values[piece.variable].trim() !== "") current.filled++;
    }
    current.text += parts[0];
    for (const part of parts.slice(1)) lines.push({ text: part, variables: 0, filled: 0 });
  }
  return lines
    .filter((line) => !(line.variables > 0 && line.filled === 0))
    .map((line) => line.text)
    .join("\n")
    .trim();
}

export function render(template: NotificationTemplate, values: TemplateValues): NotificationTemplate {
  return { title: renderText(template.title, values), body: renderText(template.body, values) };
}

/** The template a target uses for an event: its own, else the default. */
export function templateFor(
  templates: Partial<Record<NotificationEvent, NotificationTemplate>>,
  event: NotificationEvent,
): NotificationTemplate {
  return templates[event] ?? DEFAULT_TEMPLATES[event];
}

/** The watch page of a recording on this server, or the channel on Twitch before there is one. */
export function linkFor(origin: string, videoId: string, login: string): string {
  if (videoId && origin) return `${origin.replace(/\/+$/, "")}/watch/${encodeURIComponent(videoId)}`;
  return login ? `https://www.twitch.tv/${encodeURIComponent(login)}` : "";
}

/** A text or number of an entry's data as text ("" when missing or of another type). */
export function dataText(data: JsonObject | null, key: string): string {
  const value = data?.[key];
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

/** The variables of an event-log entry (`data` keys as the event log writes them; missing ones empty). */
export function valuesOf(entry: EventLog, event: NotificationEvent, origin: string): TemplateValues {
  const text = (key: string) => dataText(entry.data, key);
  const login = text("broadcaster_login");
  const videoId = text("video_id");
  return {
    event,
    message: entry.message,
    channel: text("broadcaster_name") || login,
    channel_login: login,
    title: text("title"),
    category: text("category_name"),
    video_id: videoId,
    url: linkFor(origin, videoId, login),
    reason: text("reason"),
    at: entry.created_at,
  };
}

/** Made-up values for previews and test sends (a channel, a stream, a recording). */
export function sampleValues(event: NotificationEvent, origin: string, at: string): TemplateValues {
  const failed = event === "recording_failed";
  const messages: Record<NotificationEvent, string> = {
    went_live: "Speedrunner went live",
    recording_started: "Recording of speedrunner started",
    recording_finished: "Recording of speedrunner finished",
    recording_failed: "Recording of speedrunner failed",
    disk_low: "Free space on the data folder's disk is low: 4.2 GB left (floor 5 GB)",
    eventsub_broken: "EventSub subscription stream.online for speedrunner was revoked",
  };
  return {
    event,
    message: messages[event],
    channel: "Speedrunner",
    channel_login: "speedrunner",
    title: "Any% world record attempts",
    category: "Celeste",
    video_id: "42",
    url: linkFor(origin, "42", "speedrunner"),
    reason: failed ? "ffmpeg exited with code 1" : event === "eventsub_broken" ? "authorization_revoked" : "",
    at,
  };
}
