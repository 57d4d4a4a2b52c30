/**
 * HTTP Range requests (RFC 9110 §14) for one representation of known size, as a pure function.
 *
 * Only what players and download tools send is honoured: one byte range, or several that join into one
 * contiguous span (served as that span). Ranges that leave gaps would need a multipart/byteranges body;
 * the RFC lets a server ignore the header instead, so they get the whole representation (200), as does
 * anything malformed. Only when every range starts past the end is the answer 416.
 */

/** The bytes [start, end] (inclusive) of a representation of `size` bytes. */
export interface ByteRange {
  start: number;
  end: number;
}

export type RangeDecision =
  /** No usable Range header: send everything (200). */
  | { kind: "whole" }
  /** Send these bytes (206). */
  | { kind: "partial"; range: ByteRange }
  /** Nothing asked for exists (416 with `Content-Range: bytes *\/size`). */
  | { kind: "unsatisfiable" };

// A number of digits no file reaches; longer values are read as "very large", not parsed.
const DIGITS = /^\d{1,20}$/;

/** Reads a `Range` header against a representation of `size` bytes. */
export function parseRange(header: string | null | undefined, size: number): RangeDecision {
  if (!header) return { kind: "whole" };
  const match = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!match?.[1]) return { kind: "whole" };

  const specs = match[1].split(",").map((s) => s.trim());
  const ranges: ByteRange[] = [];
  for (const spec of specs) {
    if (spec === "") continue; // the grammar allows empty list elements
    const parsed = parseSpec(spec, size);
    if (parsed === "malformed") return { kind: "whole" };
    if (parsed !== "unsatisfiable") ranges.push(parsed);
  }
  if (specs.every((s) => s === "")) return { kind: "whole" };
  if (ranges.length === 0) return { kind: "unsatisfiable" };
  const span = joinContiguous(ranges);
  return span ? { kind: "partial", range: span } : { kind: "whole" };
}

function parseSpec(spec: string, size: number): ByteRange | "unsatisfiable" | "malformed" {
  const dash = spec.indexOf("-");
  if (dash < 0) return "malformed";
  const first = spec.slice(0, dash).trim();
  const last = spec.slice(dash + 1).trim();
  if (first === "") {
    // Suffix range: the last N bytes.
    if (!DIGITS.test(last)) return "malformed";
    const length = Number(last);
    if (length === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  if (!DIGITS.test(first) || (last !== "" && !DIGITS.test(last))) return "malformed";
  const start = Number(first);
  const end = last === "" ? Number.POSITIVE_INFINITY : Number(last);
  if (end < start) return "malformed";
  if (start >= size) return "unsatisfiable";
  return { start, end: Math.min(end, size - 1) };
}

/** The one span several ranges cover when they overlap or touch, else null. */
function joinContiguous(ranges: ByteRange[]): ByteRange | null {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const span = { ...(sorted[0] as ByteRange) };
  for (const range of sorted.slice(1)) {
    if (range.start > span.end + 1) return null;
    span.end = Math.max(span.end, range.end);
  }
  return span;
}

/** `Content-Range` of a 206 answer. */
export function contentRange(range: ByteRange, size: number): string {
  return `bytes ${range.start}-${range.end}/${size}`;
}

/** `Content-Range` of a 416 answer. */
export function unsatisfiedRange(size: number): string {
  return `bytes */${size}`;
}
