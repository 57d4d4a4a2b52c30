/**
 * The simulator's emotes: a handful of Twitch ids (numeric ones as Twitch's old global emotes have, and one
 * `emotesv2_…` id as newer ones have) whose images the simulator serves itself, so a dashboard showing chat
 * never reaches Twitch's CDN in demos and tests.
 */

export interface SimEmote {
  id: string;
  name: string;
}

export const SIM_EMOTES: readonly SimEmote[] = [
  { id: "25", name: "Kappa" },
  { id: "354", name: "4Head" },
  { id: "1902", name: "Keepo" },
  { id: "86", name: "BibleThump" },
  { id: "64138", name: "SeemsGood" },
  { id: "425618", name: "LUL" },
  { id: "305954156", name: "PogChamp" },
  { id: "emotesv2_dcd06b30a5c24f6eb871e8f5edbd44f7", name: "DinoDance" },
];

export function emoteById(id: string): SimEmote | undefined {
  return SIM_EMOTES.find((emote) => emote.id === id);
}

/** An emote in a text, as IRC's `emotes` tag places it: code points, both ends inclusive. */
export interface PlacedEmote {
  id: string;
  begin: number;
  end: number;
}

/**
 * Joins words and emotes with spaces into a message text, placing each emote by code points (an emoji
 * outside the BMP before it counts once, not twice as UTF-16 would).
 */
export function compose(pieces: readonly (string | SimEmote)[]): { text: string; emotes: PlacedEmote[] } {
  const emotes: PlacedEmote[] = [];
  const words: string[] = [];
  let at = 0;
  for (const piece of pieces) {
    const word = typeof piece === "string" ? piece : piece.name;
    const length = [...word].length;
    if (typeof piece !== "string") emotes.push({ id: piece.id, begin: at, end: at + length - 1 });
    words.push(word);
    at += length + 1;
  }
  return { text: words.join(" "), emotes };
}

/** IRC's `emotes` tag: `25:0-4,12-16/1902:6-10`, grouped by id in order of first appearance. */
export function emotesTag(emotes: readonly PlacedEmote[]): string {
  const byId = new Map<string, string[]>();
  for (const { id, begin, end } of emotes) {
    const ranges = byId.get(id) ?? [];
    ranges.push(`${begin}-${end}`);
    byId.set(id, ranges);
  }
  return [...byId].map(([id, ranges]) => `${id}:${ranges.join(",")}`).join("/");
}
