/** One socket of the chat connection and what it carries (chat-connection.ts owns and mutates it). */
export interface Session {
  id: number;
  ws: WebSocket | null;
  nick: string;
  state: "connecting" | "ready" | "closed";
  readyAt: number;
  /** Monotonic and wall-clock time of the last frame, and of our PING when one is unanswered. */
  lastHeard: number;
  lastHeardAt: number;
  pingAt: number | null;
  cancelTimer: () => void;
  joined: Set<string>;
  joining: Set<string>;
  /** Channels Twitch refused on this socket (a NOTICE instead of the JOIN, or a PART we did not ask). */
  refused: Set<string>;
}

export const NO_TIMER = (): void => {};

export function newSession(id: number, nick: string, monotonic: number, now: number): Session {
  return {
    id,
    ws: null,
    nick,
    state: "connecting",
    readyAt: 0,
    lastHeard: monotonic,
    lastHeardAt: now,
    pingAt: null,
    cancelTimer: NO_TIMER,
    joined: new Set(),
    joining: new Set(),
    refused: new Set(),
  };
}
