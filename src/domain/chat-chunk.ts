import { CHAT_KINDS, type ChatKind, type PlacedChatLine } from "./chat.ts";

/**
 * A chunk of a video's chat as the database keeps it: one text line per chat line, in timeline order, its
 * fields separated by tabs: offset_ms, sent_at_ms, deleted (0|1), msg_id, kind, user_id, user_login,
 * display_name, text, and last the IRC line as Twitch sent it. IRC lines hold no CR, LF or NUL; the text
 * and names are escaped (`\t`, `\n`, `\\`) so they cannot end a field; an empty name is null.
 */

const KINDS = new Set<string>(CHAT_KINDS);

export function encodeChunk(lines: readonly PlacedChatLine[]): string {
  let text = "";
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as PlacedChatLine;
    text +=
      `${i === 0 ? "" : "\n"}${Math.round(l.offset_ms)}\t${Math.round(l.sent_at_ms)}\t${l.deleted ? 1 : 0}\t` +
      `${escapeField(l.msg_id)}\t${l.kind}\t${escapeField(l.user_id ?? "")}\t${escapeField(l.user_login ?? "")}\t` +
      `${escapeField(l.display_name ?? "")}\t${escapeField(l.text)}\t${l.raw}`;
  }
  return text;
}

/** The lines of a chunk's text, in order; a malformed line (never written by capture) is skipped. */
export function decodeChunk(text: string): PlacedChatLine[] {
  const lines: PlacedChatLine[] = [];
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf("\n", at);
    if (end === -1) end = text.length;
    const line = decodeLine(text.slice(at, end));
    if (line) lines.push(line);
    at = end + 1;
  }
  return lines;
}

function decodeLine(line: string): PlacedChatLine | null {
  const fields: string[] = [];
  let at = 0;
  // Nine fields, then the IRC line (which may itself hold tabs).
  for (let i = 0; i < 9; i++) {
    const tab = line.indexOf("\t", at);
    if (tab === -1) return null;
    fields.push(line.slice(at, tab));
    at = tab + 1;
  }
  const [offset, sent, deleted, msgId, kind, userId, login, name, text] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const offset_ms = Number(offset);
  const sent_at_ms = Number(sent);
  if (!Number.isFinite(offset_ms) || !Number.isFinite(sent_at_ms) || !KINDS.has(kind)) return null;
  return {
    offset_ms,
    sent_at_ms,
    deleted: deleted === "1",
    msg_id: unescapeField(msgId),
    kind: kind as ChatKind,
    user_id: unescapeField(userId) || null,
    user_login: unescapeField(login) || null,
    display_name: unescapeField(name) || null,
    text: unescapeField(text),
    raw: line.slice(at),
  };
}

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const UNESCAPES: Record<string, string> = { "\\": "\\", t: "\t", n: "\n", r: "\r" };

function escapeField(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] ?? c) : value;
}

function unescapeField(value: string): string {
  return value.includes("\\") ? value.replace(/\\(.)/g, (_, c: string) => UNESCAPES[c] ?? c) : value;
}
