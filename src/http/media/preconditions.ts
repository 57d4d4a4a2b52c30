/**
 * Conditional requests (RFC 9110 §13) for stored media, as pure functions: a browser revalidating a
 * thumbnail gets a 304, and a player resuming a download with `If-Range` gets the rest only if the file
 * is still the one it started.
 */

/** What identifies one version of a stored object. */
export interface Validators {
  /** A strong entity tag, quoted: `"…"`. */
  etag: string;
  lastModified: Date | null;
}

/** True when the client's copy is current (`If-None-Match`, else `If-Modified-Since`): answer 304. */
export function isNotModified(headers: Headers, validators: Validators): boolean {
  const ifNoneMatch = headers.get("if-none-match");
  if (ifNoneMatch !== null) {
    // Weak comparison: W/"x" matches "x".
    const ours = opaque(validators.etag);
    return ifNoneMatch
      .split(",")
      .map((tag) => tag.trim())
      .some((tag) => tag === "*" || opaque(tag) === ours);
  }
  const since = headers.get("if-modified-since");
  if (since === null || validators.lastModified === null) return false;
  const date = Date.parse(since);
  return !Number.isNaN(date) && seconds(validators.lastModified.getTime()) <= seconds(date);
}

/**
 * Whether a Range request still applies under its `If-Range`: the entity tag must match strongly, or the
 * date must be exactly the object's Last-Modified. Otherwise the client gets the whole new object (200).
 */
export function rangeStillValid(ifRange: string | null, validators: Validators): boolean {
  if (ifRange === null) return true;
  const value = ifRange.trim();
  if (value.startsWith("W/")) return false;
  if (value.startsWith('"')) return value === validators.etag;
  const date = Date.parse(value);
  return (
    !Number.isNaN(date) &&
    validators.lastModified !== null &&
    seconds(validators.lastModified.getTime()) === seconds(date)
  );
}

/** A strong entity tag from parts that change whenever the bytes do. */
export function strongEtag(...parts: (string | number)[]): string {
  return `"${parts.map((p) => (typeof p === "number" ? Math.trunc(p).toString(16) : p)).join("-")}"`;
}

function opaque(tag: string): string {
  return tag.startsWith("W/") ? tag.slice(2) : tag;
}

// HTTP dates have whole seconds.
function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}
