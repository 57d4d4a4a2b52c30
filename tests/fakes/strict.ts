/**
 * A strict fake: an object with only the members a test gives it. Reading any other member throws, naming
 * it, so a service that reaches past its narrow dependency fails loudly instead of getting `undefined`.
 * (`then` and symbols read as undefined: awaiting or printing a fake is not a use of it.)
 */
export function strict<T extends object>(name: string, members: Partial<T>): T {
  return new Proxy(members, {
    get(target, key, receiver) {
      if (key in target) return Reflect.get(target, key, receiver);
      if (typeof key === "symbol" || key === "then" || key === "toJSON") return undefined;
      throw new Error(`${name}.${key} is not part of this fake`);
    },
  }) as T;
}
