import { z } from "zod";

// Input pieces every router shares. Objects are strict (an unknown field is a mistake worth naming) and
// every string and number has bounds, so no input can make a query expensive or a row huge.

/** A Twitch object id (user, game, stream): digits, as Twitch sends them. */
export const twitchId = z.string().regex(/^\d{1,20}$/, "expected a Twitch id (digits)");
export const videoId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const login = z
  .string()
  .regex(/^[a-zA-Z0-9_]{1,25}$/, "expected a Twitch login (letters, digits, underscore; at most 25)");
/**
 * A login typed by a person, for adding a channel: Twitch's rule for new accounts (4 to 25 letters, digits
 * or underscores), matched without case and stored lowercase as Twitch does.
 */
export const newChannelLogin = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_]{4,25}$/, "expected a Twitch login: 4 to 25 letters, digits or underscores");
export const searchQuery = z.string().trim().min(1).max(100);
export const isoTime = z.iso.datetime({ offset: true });
export const direction = z.enum(["forward", "backward"]).optional();

export const limit = (max: number, fallback: number) => z.number().int().min(1).max(max).default(fallback);
export const offset = z.number().int().min(0).max(1_000_000).default(0);

/** `{ limit, offset }` for the small offset-paginated lists. */
export const offsetPage = (max: number, fallback: number) =>
  z.strictObject({ limit: limit(max, fallback), offset }).default({ limit: fallback, offset: 0 });

/** A keyset cursor's sort value: a string (names, times) or a number (sizes, durations), or null. */
export const sortValue = z.union([z.string().max(200), z.number().finite(), z.null()]);
