// A chat line's text cut into plain text and emotes. Twitch gives emote positions in code points (an emoji
// before an emote counts once, not as two UTF-16 units), inclusive at both ends; the cut follows them, so
// the dashboard needs nothing from the server but the text and the positions.

export interface EmotePosition {
  id: string;
  begin: number;
  end: number;
}

export type ChatFragment = { kind: "text"; text: string } | { kind: "emote"; id: string; text: string };

/**
 * `text` as fragments in order. Positions that are out of range, reversed, or overlap one already taken are
 * ignored (their characters stay text): a bad tag never hides what the viewer wrote.
 */
export function chatFragments(text: string, emotes: readonly EmotePosition[]): ChatFragment[] {
  const points = Array.from(text);
  const fragments: ChatFragment[] = [];
  const pushText = (from: number, to: number) => {
    if (to <= from) return;
    const piece = points.slice(from, to).join("");
    const last = fragments.at(-1);
    if (last?.kind === "text") last.text += piece;
    else fragments.push({ kind: "text", text: piece });
  };
  let cursor = 0;
  const sorted = [...emotes].sort((a, b) => a.begin - b.begin);
  for (const emote of sorted) {
    const { begin, end } = emote;
    if (!Number.isInteger(begin) || !Number.isInteger(end)) continue;
    if (begin < cursor || end < begin || end >= points.length) continue;
    pushText(cursor, begin);
    fragments.push({ kind: "emote", id: emote.id, text: points.slice(begin, end + 1).join("") });
    cursor = end + 1;
  }
  pushText(cursor, points.length);
  return fragments;
}

/** An emote's image from the server's template (`…/{id}/default/{theme}/1.0`), for the page's theme. */
export function emoteUrl(template: string, id: string, theme: "light" | "dark"): string {
  return template.replaceAll("{id}", encodeURIComponent(id)).replaceAll("{theme}", theme);
}
