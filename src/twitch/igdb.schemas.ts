import { z } from "zod";

/**
 * What IGDB's `games` endpoint answers, as far as replayd reads it: a JSON array, `id` always there, other
 * fields only when the game has them. Unknown fields are allowed; a mistyped one fails with its path.
 */
export const igdbGame = z.object({
  id: z.number().int().positive(),
  name: z.string().optional(),
  summary: z.string().optional(),
  genres: z.array(z.object({ id: z.number().int(), name: z.string() })).optional(),
  /** Unix seconds. */
  first_release_date: z.number().int().optional(),
});
export const igdbGames = z.array(igdbGame);

/** IGDB's error body for a query it refused: `[{title, status, cause}]`. */
export const igdbErrors = z.array(z.object({ title: z.string(), cause: z.string().optional() }));
