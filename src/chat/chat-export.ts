import type { ChatEmote, ChatKind, ChatMessage } from "../domain/chat.ts";
import type { VideoDetail } from "../domain/videos.ts";

/**
 * A video's chat as a file: TwitchDownloader's chat JSON (what its ChatRender and ChatUpdate read, so chat
 * can be burnt into a video) or its plain-text layout. Both follow lay295/TwitchDownloader at a9386f3
 * (TwitchDownloaderCore/TwitchObjects/ChatRoot.cs, ChatRootInfo.cs, Chat/ChatText.cs). Written a batch
 * at a time, so a million lines never sit in memory.
 *
 * What goes in: the lines viewers still saw at the end, as Twitch's own VOD chat has them: messages and
 * notices with an author, not those deleted by a moderator or a timeout, and no moderation events.
 */

export type ChatExportFormat = "json" | "txt";

/** The version TwitchDownloader writes today (ChatRootVersion.CurrentVersion). */
const FILE_VERSION = { Major: 1, Minor: 4, Patch: 0 };
/** What .NET writes for a DateTime nobody set (TwitchDownloader's commenter dates before a backfill). */
const NO_DATE = "0001-01-01T00:00:00";
/** USERNOTICE kinds TwitchDownloader's renderer accepts in `user_notice_params.msg_id`; others it drops. */
const RENDERABLE_NOTICE_IDS: ReadonlySet<ChatKind> = new Set(["sub", "resub", "subgift"]);
const MODERATION: ReadonlySet<ChatKind> = new Set(["timeout", "ban", "clear", "roomstate"]);

/** Whether a line belongs in an export. */
export function exported(message: ChatMessage): boolean {
  return (
    !message.deleted && !MODERATION.has(message.kind) && (message.display_name ?? message.user_login) !== null
  );
}

/** The body as a viewer read it: a notice's sentence from Twitch, then what its author wrote. */
function bodyOf(message: ChatMessage): { body: string; textStart: number } {
  if (message.kind === "message" || !message.system_text) return { body: message.text, textStart: 0 };
  if (!message.text) return { body: message.system_text, textStart: 0 };
  const prefix = `${message.system_text} `;
  return { body: prefix + message.text, textStart: [...prefix].length };
}

export interface Fragment {
  text: string;
  emoticon: { emoticon_id: string } | null;
}

/**
 * Splits `text` at its emotes (positions in code points, inclusive, as IRC gives them), in order; emotes
 * that overlap or fall outside the text are left as text. (A private copy: the dashboard's splitter lives
 * elsewhere and this file must not depend on the UI's.)
 */
export function splitFragments(text: string, emotes: readonly ChatEmote[]): Fragment[] {
  const points = [...text];
  const fragments: Fragment[] = [];
  let at = 0;
  const plain = (end: number) => {
    if (end > at) fragments.push({ text: points.slice(at, end).join(""), emoticon: null });
  };
  for (const emote of [...emotes].sort((a, b) => a.begin - b.begin)) {
    if (emote.begin < at || emote.end < emote.begin || emote.end >= points.length) continue;
    plain(emote.begin);
    fragments.push({
      text: points.slice(emote.begin, emote.end + 1).join(""),
      emoticon: { emoticon_id: emote.id },
    });
    at = emote.end + 1;
  }
  plain(points.length);
  return fragments;
}

/** One comment of TwitchDownloader's `comments` list. */
export function twitchDownloaderComment(
  message: ChatMessage,
  video: Pick<VideoDetail, "id" | "broadcaster_id">,
) {
  const { body, textStart } = bodyOf(message);
  const emotes = message.emotes.map((e) => ({ ...e, begin: e.begin + textStart, end: e.end + textStart }));
  const noticeId =
    message.kind === "message"
      ? message.params["msg-id"] === "highlighted-message"
        ? "highlighted-message"
        : null
      : RENDERABLE_NOTICE_IDS.has(message.kind)
        ? message.kind
        : null;
  return {
    _id: message.msg_id,
    created_at: message.sent_at,
    channel_id: video.broadcaster_id,
    content_type: "video",
    content_id: String(video.id),
    content_offset_seconds: message.offset_seconds,
    commenter: {
      display_name: message.display_name ?? message.user_login ?? "",
      _id: message.user_id ?? "",
      name: message.user_login ?? "",
      bio: null,
      created_at: NO_DATE,
      updated_at: NO_DATE,
      logo: null,
    },
    message: {
      body,
      bits_spent: message.bits,
      fragments: splitFragments(body, emotes),
      user_badges: message.badges.map((b) => ({ _id: b.set_id, version: b.version })),
      user_color: message.color,
      // TwitchDownloader leaves the key out when there is none (JsonIgnoreCondition.WhenWritingNull).
      ...(noticeId ? { user_notice_params: { msg_id: noticeId } } : {}),
      emoticons: emotes.map((e) => ({ _id: e.id, begin: e.begin, end: e.end })),
    },
  };
}

/** TwitchDownloader's `streamer.id` is a 32-bit int: a Twitch user id, 0 when it is not one. */
function streamerId(broadcasterId: string): number {
  const id = Number(broadcasterId);
  return Number.isInteger(id) && id > 0 && id <= 2_147_483_647 ? id : 0;
}

function videoLength(video: VideoDetail): number {
  return video.duration_seconds ?? video.parts.reduce((sum, part) => sum + part.duration_seconds, 0);
}

/** Everything before the comments, ending with the list's opening bracket. */
function jsonHead(video: VideoDetail, now: Date): string {
  const length = videoLength(video);
  const head = {
    FileInfo: { Version: FILE_VERSION, CreatedAt: now.toISOString(), UpdatedAt: now.toISOString() },
    streamer: {
      name: video.broadcaster_name,
      login: video.broadcaster_login,
      id: streamerId(video.broadcaster_id),
    },
    video: {
      title: video.title,
      description: null,
      id: String(video.id),
      created_at: video.start_download_at,
      start: 0,
      end: length,
      length,
      viewCount: video.viewer_count,
      game: video.primary_category?.name ?? null,
      chapters: [],
    },
  };
  const text = JSON.stringify(head);
  return `${text.slice(0, -1)},"comments":[`;
}

/** `[H:MM:SS]` as TwitchDownloader's relative timestamps: whole seconds, hours unpadded and uncapped. */
export function relativeTime(offsetSeconds: number): string {
  const total = Math.max(0, Math.floor(offsetSeconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return `${hours}:${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`;
}

/** One line of the text export (ChatText with relative timestamps). */
export function textLine(message: ChatMessage): string {
  const name = message.display_name ?? message.user_login ?? "";
  return `[${relativeTime(message.offset_seconds)}] ${name}: ${bodyOf(message).body}\n`;
}

/** The export file, chunk by chunk: one chunk per batch of lines read. */
export async function* chatExportChunks(
  format: ChatExportFormat,
  video: VideoDetail,
  batches: AsyncIterable<ChatMessage[]>,
  now: Date,
): AsyncGenerator<string> {
  if (format === "txt") {
    for await (const batch of batches) {
      const lines = batch.filter(exported).map(textLine).join("");
      if (lines) yield lines;
    }
    return;
  }
  yield jsonHead(video, now);
  let first = true;
  for await (const batch of batches) {
    const comments = batch.filter(exported).map((m) => JSON.stringify(twitchDownloaderComment(m, video)));
    if (comments.length === 0) continue;
    yield (first ? "" : ",") + comments.join(",");
    first = false;
  }
  // No embedded images: the renderer fetches emotes and badges from Twitch by id.
  yield `],"embeddedData":null}`;
}
