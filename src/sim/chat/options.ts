/**
 * How the simulated chat runs (`startSimulator({ chat })`). Rates count simulated seconds, like the
 * segments; PINGs, their deadline and RECONNECT's close are transport and run on real time.
 */
export interface ChatOptions {
  /** Lines a second in every live channel without a rate of its own (`POST /sim/channels/{login}/chat`). */
  rate_per_second: number;
  /** Real milliseconds between the server's `PING :tmi.twitch.tv` on each socket (Twitch: about 5 minutes). */
  ping_interval_ms: number;
  /** Real milliseconds a client has to answer a PING before its socket is closed. */
  pong_timeout_ms: number;
  /** Real milliseconds between `RECONNECT` and the close that follows it. */
  reconnect_close_ms: number;
  /** Real milliseconds between two rounds of chat generation (lines are stamped across the round). */
  tick_ms: number;
  /** Ledger entries kept per channel; the oldest go first. */
  ledger_limit: number;
}

export const DEFAULT_CHAT_OPTIONS: Readonly<ChatOptions> = {
  rate_per_second: 0,
  ping_interval_ms: 5 * 60_000,
  pong_timeout_ms: 10_000,
  reconnect_close_ms: 2_000,
  tick_ms: 100,
  ledger_limit: 100_000,
};

/** The demo's chat: a few lines a second per live channel, enough to look alive. */
export const DEMO_CHAT_RATE = 3;

export function chatOptions(given: Partial<ChatOptions> = {}): ChatOptions {
  const options = { ...DEFAULT_CHAT_OPTIONS, ...given };
  for (const [key, value] of Object.entries(options)) {
    if (!(Number.isFinite(value) && value >= 0)) throw new Error(`chat.${key}: expected a number ≥ 0`);
  }
  if (options.tick_ms < 1 || options.ping_interval_ms < 1 || options.ledger_limit < 1)
    throw new Error("chat: tick_ms, ping_interval_ms and ledger_limit must be at least 1");
  return options;
}
