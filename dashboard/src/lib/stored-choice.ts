import { useCallback, useSyncExternalStore } from "react";

/**
 * A small UI preference kept in this browser's localStorage (sidebar collapsed, watch page layout): one of
 * a fixed set of values, shared live by every component that reads the same key.
 */

/** The stored value when it is one of `allowed`; anything else (missing, stale, edited by hand) is `fallback`. */
export function parseChoice<T extends string>(stored: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.find((value) => value === stored) ?? fallback;
}

const listeners = new Map<string, Set<() => void>>();

function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    // Storage disabled: every read falls back to the default.
    return null;
  }
}

/** Saves `value` under `key` (for this page only when storage is refused) and tells every reader. */
export function writeChoice(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    memory.set(key, value);
  }
  for (const listener of listeners.get(key) ?? []) listener();
}

// The choice made on a page whose storage is refused (private mode), so it still applies until reload.
const memory = new Map<string, string>();

/** The current choice for `key` and a setter that saves it. */
export function useStoredChoice<T extends string>(
  key: string,
  allowed: readonly T[],
  fallback: T,
): [T, (value: T) => void] {
  const subscribe = useCallback(
    (listener: () => void) => {
      const set = listeners.get(key) ?? new Set();
      set.add(listener);
      listeners.set(key, set);
      // Another tab changed it.
      const onStorage = (event: StorageEvent) => event.key === key && listener();
      window.addEventListener("storage", onStorage);
      return () => {
        set.delete(listener);
        window.removeEventListener("storage", onStorage);
      };
    },
    [key],
  );
  const value = useSyncExternalStore(
    subscribe,
    () => parseChoice(memory.get(key) ?? readStored(key), allowed, fallback),
    () => fallback,
  );
  const set = useCallback((next: T) => writeChoice(key, next), [key]);
  return [value, set];
}
