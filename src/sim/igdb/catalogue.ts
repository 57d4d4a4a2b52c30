import { saltOf, unitHash } from "../hls/timeline.ts";
import type { Category, GameDetails } from "../state.ts";

/** A game as IGDB's `games` endpoint describes it (the fields replayd reads). */
export interface IgdbGame {
  id: number;
  name: string;
  summary: string | null;
  genres: { id: number; name: string }[];
  /** Unix seconds. */
  first_release_date: number | null;
}

/** IGDB's genres, with their ids there. */
const GENRES: Readonly<Record<string, number>> = {
  "Point-and-click": 2,
  Fighting: 4,
  Shooter: 5,
  Music: 7,
  Platform: 8,
  Puzzle: 9,
  Racing: 10,
  "Real Time Strategy (RTS)": 11,
  "Role-playing (RPG)": 12,
  Simulator: 13,
  Sport: 14,
  Strategy: 15,
  Adventure: 31,
  Indie: 32,
  Arcade: 33,
  MOBA: 36,
};
const GENRE_NAMES = Object.keys(GENRES);

/** The fixture's games, described in the simulator's own words. */
const KNOWN: Readonly<Record<string, GameDetails & { date: string }>> = {
  "1020": {
    summary:
      "An open-world crime story across a sprawling sunlit city, told through three very different criminals.",
    genres: ["Shooter", "Racing", "Adventure"],
    release_year: 2013,
    date: "2013-09-17",
  },
  "115": {
    summary: "Two teams of five champions push down three lanes to destroy the other side's base.",
    genres: ["MOBA", "Real Time Strategy (RTS)", "Role-playing (RPG)", "Strategy"],
    release_year: 2009,
    date: "2009-10-27",
  },
  "121": {
    summary:
      "Gather blocks, build anything, and survive the night in a world that goes on in every direction.",
    genres: ["Simulator", "Adventure", "Indie"],
    release_year: 2011,
    date: "2011-11-18",
  },
  "1905": {
    summary:
      "A hundred players drop onto an island, build cover in seconds, and fight until one squad is left.",
    genres: ["Shooter", "Strategy", "Adventure"],
    release_year: 2017,
    date: "2017-07-25",
  },
  "22439": {
    summary:
      "A seafaring action RPG: sail between continents, raid dungeons and fight guardians with a party.",
    genres: ["Role-playing (RPG)", "Adventure"],
    release_year: 2019,
    date: "2019-11-06",
  },
};

/**
 * The game behind a simulated category: the fixture's are written out, a category added with details says
 * its own, any other is made up from its IGDB id (the same every run). A category without an IGDB id has
 * no game, as on Twitch ("Just Chatting").
 */
export function gameOf(category: Category): IgdbGame | null {
  if (!/^\d+$/.test(category.igdb_id)) return null;
  const id = Number(category.igdb_id);
  const known = KNOWN[category.igdb_id];
  const details = category.game ?? known ?? madeUp(category.name, id);
  const date = known?.date ?? (details.release_year ? `${details.release_year}-06-01` : null);
  return {
    id,
    name: category.name,
    summary: details.summary,
    genres: details.genres.map((name) => ({ id: GENRES[name] ?? 1000 + (saltOf(name) % 1000), name })),
    first_release_date: date ? Date.parse(`${date}T00:00:00Z`) / 1000 : null,
  };
}

function madeUp(name: string, id: number): GameDetails {
  const first = GENRE_NAMES[Math.floor(unitHash(id, 1) * GENRE_NAMES.length)] ?? "Adventure";
  const second = GENRE_NAMES[Math.floor(unitHash(id, 2) * GENRE_NAMES.length)] ?? "Indie";
  const year = 1995 + Math.floor(unitHash(id, 3) * 30);
  return {
    summary: `${name} is a ${first.toLowerCase()} game that came out in ${year}.`,
    genres: first === second ? [first] : [first, second],
    release_year: year,
  };
}
