import type { RawChatLine } from "../domain/chat.ts";
import type { IrcLine } from "../twitch/irc/line.ts";
import { NOTICE_KINDS, ROOM_MODES } from "./irc-chat.ts";

/** What one chat line means for capture (see `chatEventFromIrc` for the full reading, done when shown). */
export type CaptureEvent =
  | { type: "line"; line: RawChatLine }
  /** CLEARMSG: a moderator deleted one line. */
  | { type: "delete"; msg_id: string; sent_at_ms: number }
  /** A timeout or ban: the user's lines so far are marked; the CLEARCHAT itself is a line too. */
  | { type: "clear_user"; user_id: string; sent_at_ms: number; line: RawChatLine };

const ACTION_START = "\u0001ACTION ";

/**
 * The least capture needs of a line, by scanning it (no full parse): its id, kind, time, author and text.
 * Null for lines that store nothing (a ROOMSTATE without modes, other commands).
 */
export function captureLine(line: IrcLine, receivedAtMs: number): CaptureEvent | null {
  const sentTag = line.tag("tmi-sent-ts");
  const sent = Number(sentTag);
  const sent_at_ms = sentTag && Number.isSafeInteger(sent) && sent > 0 ? sent : receivedAtMs;
  const stored = (kind: RawChatLine["kind"], fields: Partial<RawChatLine> = {}): RawChatLine => ({
    // Lines without Twitch's id (moderation, room modes) get one from the line and its time: the same line
    // (a RECONNECT's overlap) the same id, the same modes announced at the next JOIN another.
    msg_id: line.tag("id") || `irc-${Bun.hash(`${sent_at_ms}\n${line.raw}`).toString(16).padStart(16, "0")}`,
    kind,
    sent_at_ms,
    user_id: line.tag("user-id") || null,
    user_login: null,
    display_name: null,
    text: "",
    raw: line.raw,
    ...fields,
  });
  switch (line.command) {
    case "PRIVMSG": {
      let text = line.trailing;
      if (text.startsWith(ACTION_START))
        text = text.slice(ACTION_START.length, text.endsWith("\u0001") ? -1 : undefined);
      const user_login = line.nick?.toLowerCase() || line.tag("login") || null;
      return {
        type: "line",
        line: stored("message", {
          user_login,
          display_name: line.tag("display-name")?.trim() || user_login,
          text,
        }),
      };
    }
    case "USERNOTICE": {
      const user_login = line.tag("login")?.toLowerCase() || null;
      const kind = NOTICE_KINDS[line.tag("msg-id") ?? ""] ?? "notice";
      const text = line.trailing === line.target ? "" : line.trailing;
      return {
        type: "line",
        line: stored(kind, {
          user_login,
          display_name: line.tag("display-name")?.trim() || user_login,
          text,
        }),
      };
    }
    case "CLEARMSG": {
      const target = line.tag("target-msg-id");
      return target ? { type: "delete", msg_id: target, sent_at_ms } : null;
    }
    case "CLEARCHAT": {
      const target = line.trailing === line.target ? "" : line.trailing.toLowerCase();
      if (!target) return { type: "line", line: stored("clear", { user_id: null }) };
      const user_id = line.tag("target-user-id") || null;
      const kind = line.tag("ban-duration") ? "timeout" : "ban";
      const cleared = stored(kind, { user_id, user_login: target, display_name: target });
      return user_id
        ? { type: "clear_user", user_id, sent_at_ms, line: cleared }
        : { type: "line", line: cleared };
    }
    case "ROOMSTATE":
      return ROOM_MODES.some((mode) => line.tag(mode) !== null)
        ? { type: "line", line: stored("roomstate", { user_id: null }) }
        : null;
    case "NOTICE":
      return { type: "line", line: stored("notice", { user_id: null, text: "" }) };
    default:
      return null;
  }
}
