// Pages keep their filters in the URL. Reading them back, only known values pass, so a stale or hand-edited
// link shows the default view rather than sending the server something it refuses.

/** `value` when it is one of `allowed`, else undefined. */
export function pickOne<T extends string>(allowed: readonly T[], value: unknown): T | undefined {
  return typeof value === "string" && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : undefined;
}

/** The search without its undefined keys, so defaults stay out of the URL. */
export function withoutUndefined<T extends object>(search: T): T {
  return Object.fromEntries(Object.entries(search).filter(([, v]) => v !== undefined)) as T;
}
