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

/** A share from 0 up to, not including, 1 (0.01 is 1%). */
export function ratio() {
  const expected = "expected a fraction from 0 up to (not including) 1, such as 0.01 for 1%";
  return z.preprocess(
    (v) => (typeof v === "string" && /^\s*\d*\.?\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error: expected }).min(0, { error: expected }).lt(1, { error: expected }),
  );
}

export function str() {
  return z.string({ error: "expected text" });
}

/** An EventSub secret as Twitch takes one (10–100 printable ASCII characters), or empty for "make one". */
export function eventSubSecret() {
  return z.string({ error: "expected text" }).regex(/^$|^[\x21-\x7e]{10,100}$/, {
    error: "expected 10 to 100 printable ASCII characters (Twitch's rule for an EventSub secret), or empty",
  });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const expected = `expected one of: ${values.map((v) => (v === "" ? '"" (unset)' : v)).join(", ")}`;
  return z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
    z.enum(values, { error: expected }),
  );
}

/** An http(s) URL, or empty for "not set". */
/** A WebSocket URL (Twitch chat's, or the simulator's), or empty. */
export function wsUrl() {
  const expected = "expected a ws:// or wss:// URL, or empty";
  return z.string({ error: expected }).refine((v) => {
    if (v === "") return true;
    try {
      const u = new URL(v);
      return u.protocol === "ws:" || u.protocol === "wss:";
    } catch {
      return false;
    }
  }, expected);
}

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

/** Units a size may carry: SI (powers of 1000) and IEC (powers of 1024), case-insensitive. */
const SIZE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/**
 * "2GiB", "500 MB", "1.5TB", "1048576" (plain bytes) → whole bytes; undefined when the text is not a size.
 * Bare "G" or "M" are refused: whether they mean 1000 or 1024 is exactly the doubt a setting should not leave.
 */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = SIZE_UNITS[(match[2] || "b").toLowerCase()];
  return unit === undefined ? undefined : Math.floor(Number(match[1]) * unit);
}

/** A size in bytes: a number, or a string with a unit ("500MB", "2GiB"). */
export function byteSize(max: number) {
  const expected = `expected a number of bytes, or a size with a unit (B, kB, MB, GB, TB, KiB, MiB, GiB, TiB) such as "500MB" or "2GiB", from 0 to ${max}`;
  return z.preprocess(
    (v) => (typeof v === "string" ? (parseByteSize(v) ?? v) : v),
    z
      .number({ error: expected })
      .int({ error: expected })
      .min(0, { error: expected })
      .max(max, { error: expected }),
  );
}
