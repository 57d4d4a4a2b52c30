// What the chat panel lists: the lines up to the playhead and the stretches without chat among them. Pure.

/** A line or a gap, each placed by its offset on the video's timeline. */
export type ChatItem<L, G> = { type: "line"; line: L } | { type: "gap"; gap: G };

/**
 * The lines (the last of those at or before `seconds`, in timeline order) with the gaps that started by
 * `seconds` slotted in after the lines sent at or before their start. Once the window is full (`window`
 * lines), only gaps from its first line on: older ones scrolled out with their lines.
 */
export function withGaps<L extends { offset_seconds: number }, G extends { offset_seconds: number }>(
  lines: readonly L[],
  gaps: readonly G[],
  seconds: number,
  window: number,
): ChatItem<L, G>[] {
  const first = lines.length >= window ? (lines[0]?.offset_seconds ?? 0) : Number.NEGATIVE_INFINITY;
  const items: ChatItem<L, G>[] = lines.map((line) => ({ type: "line", line }));
  for (const gap of gaps) {
    if (gap.offset_seconds > seconds || gap.offset_seconds < first) continue;
    let at = items.length;
    while (at > 0) {
      const before = items[at - 1] as ChatItem<L, G>;
      const offset = before.type === "line" ? before.line.offset_seconds : before.gap.offset_seconds;
      if (offset <= gap.offset_seconds) break;
      at--;
    }
    items.splice(at, 0, { type: "gap", gap });
  }
  return items;
}
