import { escapeTagValue, formatIrcLine } from "../../twitch/irc/message.ts";

/**
 * A server line as Twitch writes it: text parameters always after ` :`, even a single word, and empty tags
 * as `key=` (`badge-info=;flags=;`).
 */
export interface ServerLine {
  tags?: Record<string, string>;
  prefix?: string;
  command: string;
  /** Middle parameters. */
  params?: string[];
  /** The trailing parameter; absent or null for none. */
  trailing?: string | null;
}

export function ircLine(line: ServerLine, withTags = true): string {
  const head = formatIrcLine({ prefix: line.prefix, command: line.command, params: line.params });
  const tags = withTags && line.tags ? Object.entries(line.tags) : [];
  const tagged =
    tags.length > 0 ? `@${tags.map(([k, v]) => `${k}=${escapeTagValue(v)}`).join(";")} ${head}` : head;
  return line.trailing === undefined || line.trailing === null ? tagged : `${tagged} :${line.trailing}`;
}

/** Lines of one WebSocket frame: each ends with CRLF, as Twitch batches them. */
export function frame(lines: readonly string[]): string {
  return lines.map((line) => `${line}\r\n`).join("");
}
