import { z } from "zod";

/**
 * What the simulated chat sends. PRIVMSG: `message`, `action` (/me), `cheer` (bits), `reply`; USERNOTICE by
 * its msg-id (`viewermilestone` stands for the ones a client does not know); CLEARCHAT: `timeout`, `ban`,
 * `clear`; CLEARMSG: `deletion`; and `roomstate` (a change of the room's modes).
 */
export const SIM_CHAT_KINDS = [
  "message",
  "action",
  "cheer",
  "reply",
  "sub",
  "resub",
  "subgift",
  "submysterygift",
  "giftpaidupgrade",
  "raid",
  "announcement",
  "bitsbadgetier",
  "viewermilestone",
  "timeout",
  "ban",
  "clear",
  "deletion",
  "roomstate",
] as const;
export type SimChatKind = (typeof SIM_CHAT_KINDS)[number];

/** The lines that only a client with the `twitch.tv/commands` capability receives. */
export const COMMAND_KINDS: ReadonlySet<string> = new Set([
  "USERNOTICE",
  "CLEARCHAT",
  "CLEARMSG",
  "ROOMSTATE",
]);

export type KindWeights = Partial<Record<SimChatKind, number>>;

/** A realistic mix: mostly viewers talking, now and then a sub, a gift, a moderator's hand. */
export const DEFAULT_WEIGHTS: Readonly<Record<SimChatKind, number>> = {
  message: 80,
  action: 3,
  cheer: 2,
  reply: 6,
  sub: 1,
  resub: 1.5,
  subgift: 1,
  submysterygift: 0.2,
  giftpaidupgrade: 0.1,
  raid: 0.1,
  announcement: 0.3,
  bitsbadgetier: 0.05,
  viewermilestone: 0.2,
  timeout: 0.5,
  ban: 0.1,
  clear: 0.02,
  deletion: 1,
  roomstate: 0.1,
};

const kind = z.enum(SIM_CHAT_KINDS);

/** `kinds` in the control API: a list (each equally likely) or weights by kind. */
export const kindsInput = z.union([
  z.array(kind).min(1, "list at least one kind"),
  z
    .partialRecord(kind, z.number().min(0).max(1_000_000))
    .refine((weights) => Object.values(weights).some((w) => (w ?? 0) > 0), "give at least one kind a weight"),
]);

export function weightsOf(kinds: z.infer<typeof kindsInput> | null): KindWeights {
  if (kinds === null) return { ...DEFAULT_WEIGHTS };
  if (Array.isArray(kinds)) return Object.fromEntries(kinds.map((k) => [k, 1]));
  return { ...kinds };
}

/** The kind whose share of the total weight `draw` (0..1) falls in. */
export function pickKind(weights: KindWeights, draw: number): SimChatKind {
  const entries = Object.entries(weights).filter(([, w]) => (w ?? 0) > 0) as [SimChatKind, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let left = draw * total;
  for (const [k, w] of entries) {
    left -= w;
    if (left < 0) return k;
  }
  return entries[entries.length - 1]?.[0] ?? "message";
}
