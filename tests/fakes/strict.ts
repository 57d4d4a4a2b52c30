/**
 * Strict fakes for the unit tier: an object that has only the members a test gives it. Reaching for any
 * other member throws at once, naming it, so a test fails loudly when the code under test uses more than
 * it declared (or than the test expected). Every call of a given method is recorded, in order.
 */

export type Call = [method: string, args: unknown[]];

const CALLS = Symbol("calls");

/**
 * A `T` that has only `members`. `name` prefixes the error (`repo.schedules.update is not part of this
 * fake`). Members may be values or functions; functions are recorded (see `callsOf`).
 */
export function strictFake<T extends object>(name: string, members: Partial<T> = {}): T {
  const calls: Call[] = [];
  const recorded = new Map<PropertyKey, unknown>();
  for (const [key, value] of Object.entries(members)) {
    recorded.set(
      key,
      typeof value === "function"
        ? (...args: unknown[]) => {
            calls.push([key, args]);
            return (value as (...a: unknown[]) => unknown)(...args);
          }
        : value,
    );
  }
  return new Proxy({} as T, {
    get(_target, key) {
      if (key === CALLS) return calls;
      if (recorded.has(key)) return recorded.get(key);
      // Probes made by await, console.log and expect: a fake is not a thenable and has no custom inspect.
      if (typeof key === "symbol" || key === "then" || key === "toJSON" || key === "asymmetricMatch")
        return undefined;
      throw new Error(
        `${name}.${String(key)} is not part of this fake: the code reached for more than it takes`,
      );
    },
    has: (_target, key) => recorded.has(key),
    set(_target, key) {
      throw new Error(`${name}.${String(key)}: a strict fake is read-only`);
    },
  });
}

/** The calls made on a strict fake's methods, in order: `[["create", [args…]], …]`. */
export function callsOf(fake: object): Call[] {
  return (fake as { [CALLS]: Call[] })[CALLS];
}

/** `strictFake`, for fakes whose calls a test does not read. */
export const strict = strictFake;
