import { z } from "zod";

/**
 * Field builders for the config schema. Every value may come from config.toml (typed) or from the
 * environment (always a string), so each builder accepts both and states what it expects in words a
 * user can act on: the message is printed as-is when the start is refused.
 */

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

export function bool() {
  return z.preprocess(
    (v) => {
      if (typeof v !== "string") return v;
      const s = v.trim().toLowerCase();
      if (TRUE.has(s)) return true;
      if (FALSE.has(s)) return false;
      return v;
    },
    z.boolean({ error: "expected true or false" }),
  );
}

export function int(min: number, max: number) {
  const expected = `expected a whole number from ${min} to ${max}`;
  return z.preprocess(
    (v) => (typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z
      .number({ error: expected })
      .int({ error: expected })
      .min(min, { error: expected })
      .max(max, { error: expected }),
  );
}

export function str() {
  return z.string({ error: "expected text" });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const expected = `expected one of: ${values.map((v) => (v === "" ? '"" (unset)' : v)).join(", ")}`;
  return z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
    z.enum(values, { error: expected }),
  );
}

/** An http(s) URL, or empty for "not set". */
export function httpUrl() {
  const expected = "expected an http:// or https:// URL, or empty";
  return z.string({ error: expected }).refine((v) => {
    if (v === "") return true;
    try {
      const u = new URL(v);
      return u.protocol === "http:" || u.protocol === "https:";
    } catch {
      return false;
    }
  }, expected);
}

/** A list: a TOML array, or a comma-separated string in the environment. */
export function list() {
  return z.preprocess(
    (v) =>
      typeof v === "string"
        ? v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(z.string(), { error: "expected a list (a TOML array, or comma-separated in the environment)" }),
  );
}
