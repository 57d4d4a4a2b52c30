import type { Context } from "hono";
import { z } from "zod";
import { fromZodError } from "./errors.ts";

/**
 * Helix query strings: list parameters repeat (`?user_id=1&user_id=2`), the others take their first value.
 * Unknown parameters are ignored, as Helix does.
 */
export function parseQuery<S extends z.ZodType>(
  c: Context,
  schema: S,
  lists: readonly string[] = [],
): z.infer<S> {
  const params = new URL(c.req.url).searchParams;
  const input: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    input[key] = lists.includes(key) ? params.getAll(key) : (params.get(key) as string);
  }
  const result = schema.safeParse(input);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}

/** A repeatable parameter of at most `max` values. */
export const idList = (max = 100) =>
  z
    .array(z.string().min(1, { error: "must not be empty" }))
    .max(max, { error: `at most ${max} values` })
    .default([]);

/** `first`: how many items per page, 1..max (default 20). */
export const firstParam = (max = 100, fallback = 20) =>
  z
    .string()
    .optional()
    .transform((value, check) => {
      if (value === undefined) return fallback;
      const n = Number(value);
      if (/^\d+$/.test(value) && n >= 1 && n <= max) return n;
      check.addIssue({ code: "custom", message: `must be an integer from 1 to ${max}` });
      return z.NEVER;
    });

export const cursorParams = { after: z.string().optional(), before: z.string().optional() };
