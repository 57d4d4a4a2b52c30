import { HelixError } from "./errors.ts";

/** Where a page sits in the full list: [start, end). A cursor carries it, base64url-encoded, so it is opaque. */
interface Position {
  s: number;
  e: number;
}

export interface PageRequest {
  first: number;
  after?: string | undefined;
  before?: string | undefined;
}

export interface Page<T> {
  items: T[];
  /** `{cursor}` while there are more items after this page, `{}` at the end (as Helix answers). */
  pagination: { cursor?: string };
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

export function decodeCursor(cursor: string): Position | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<Position>;
    const { s, e } = value;
    if (Number.isInteger(s) && Number.isInteger(e) && (s as number) >= 0 && (e as number) >= (s as number)) {
      return { s: s as number, e: e as number };
    }
  } catch {
    // not ours
  }
  return null;
}

/**
 * One page of `items`: `after` continues after the page its cursor came from, `before` goes back to the
 * page ending where it started. Offsets, as twitch-cli's mock does: a list that changes between calls may
 * skip or repeat an item, which real Helix does too.
 */
export function paginate<T>(items: readonly T[], request: PageRequest): Page<T> {
  if (request.after !== undefined && request.before !== undefined) {
    throw new HelixError(400, "after: cannot be used together with before");
  }
  let start = 0;
  if (request.after !== undefined) start = cursorParam("after", request.after).e;
  if (request.before !== undefined)
    start = Math.max(0, cursorParam("before", request.before).s - request.first);
  const end = Math.min(items.length, start + request.first);
  const page = items.slice(start, end);
  return {
    items: page,
    pagination: page.length > 0 && end < items.length ? { cursor: encodeCursor({ s: start, e: end }) } : {},
  };
}

function cursorParam(name: string, cursor: string): Position {
  const position = decodeCursor(cursor);
  if (!position) throw new HelixError(400, `${name}: invalid cursor`);
  return position;
}
