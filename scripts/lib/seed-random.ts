/** Seeded randomness and naming shared by the seed generator. */

/** Rows per multi-row insert. */
export const INSERT_BATCH = 500;

/** mulberry32: a small seeded PRNG, so the same seed gives the same library. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SYLLABLES = [
  "ka",
  "ri",
  "zo",
  "mel",
  "dra",
  "vex",
  "lu",
  "no",
  "tor",
  "shi",
  "pa",
  "gen",
  "qua",
  "bo",
  "lin",
  "fyr",
];
export const GAMES = [
  "Just Chatting",
  "Elden Ring",
  "Minecraft",
  "Chess",
  "Fortnite",
  "Dota 2",
  "Valorant",
  "Art",
  "Music",
  "Factorio",
];
export const WORDS = [
  "grinding",
  "speedrun",
  "ranked",
  "chill",
  "marathon",
  "first playthrough",
  "tournament",
  "coding",
  "cozy",
  "hardcore",
  "any%",
  "100%",
  "challenge",
  "viewer games",
  "late night",
];
export const LANGUAGES = ["en", "en", "en", "en", "en", "en", "fr", "fr", "de", "es", "ja", "pt"];
export const QUALITIES = [
  "1080p",
  "1080p",
  "1080p",
  "1080p",
  "1080p",
  "1080p",
  "720p",
  "720p",
  "720p",
  "1440p",
  "480p",
];

export function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

export async function inBatches<T>(
  rows: readonly T[],
  insert: (batch: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) await insert(rows.slice(i, i + INSERT_BATCH));
}

export const jobIdOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
export const baseNameOf = (i: number) => `seed-${String(i).padStart(7, "0")}`;
