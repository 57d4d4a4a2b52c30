import { useState, useSyncExternalStore } from "react";

/**
 * Where the watch page's player is on the video's one timeline, for the parts of the page that follow it
 * (the chat) without re-rendering the page on every time update.
 */
export interface Playhead {
  get(): number;
  set(seconds: number): void;
  subscribe(listener: () => void): () => void;
}

export function createPlayhead(initial = 0): Playhead {
  let seconds = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => seconds,
    set(next) {
      if (next === seconds || !Number.isFinite(next)) return;
      seconds = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** One playhead for the page's lifetime. */
export function usePlayheadStore(initial: number): Playhead {
  const [playhead] = useState(() => createPlayhead(initial));
  return playhead;
}

/** The playhead's time, re-rendering when it moves. */
export function usePlayheadSeconds(playhead: Playhead): number {
  return useSyncExternalStore(playhead.subscribe, playhead.get, playhead.get);
}
