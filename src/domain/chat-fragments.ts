import type { ChatEmote } from "./chat.ts";

/** A piece of a chat line: plain text, or an emote's text with its Twitch emote id. */
export interface ChatFragment {
  text: string;
  emote_id?: string;
}

/**
 * Splits a line into text and emote pieces, as the export (TwitchDownloader's `fragments`) and the watch
 * page draw it. Twitch counts emote positions in code points (an emoji outside the BMP is one, not the two
 * UTF-16 units a JS index sees), inclusive at both ends. An emote whose range is impossible (out of the
 * text, reversed, or overlapping the one before) stays plain text rather than cutting the line wrongly.
 */
export function fragments(text: string, emotes: readonly ChatEmote[]): ChatFragment[] {
  if (text === "") return [];
  if (emotes.length === 0) return [{ text }];
  const points = Array.from(text);
  const sorted = [...emotes].sort((a, b) => a.begin - b.begin || a.end - b.end);
  const out: ChatFragment[] = [];
  let plainFrom = 0;
  let next = 0;
  for (const emote of sorted) {
    const valid =
      Number.isInteger(emote.begin) &&
      Number.isInteger(emote.end) &&
      emote.begin >= next &&
      emote.end >= emote.begin &&
      emote.end < points.length;
    if (!valid) continue;
    if (emote.begin > plainFrom) out.push({ text: points.slice(plainFrom, emote.begin).join("") });
    out.push({ text: points.slice(emote.begin, emote.end + 1).join(""), emote_id: emote.id });
    plainFrom = next = emote.end + 1;
  }
  if (plainFrom < points.length) out.push({ text: points.slice(plainFrom).join("") });
  return out;
}
