import { useTranslation } from "react-i18next";
import { chatGapReason, chatNotice, type Translator } from "@/lib/server-labels";
import { useTranslator } from "@/lib/use-translator";
import type { ChatGapLine, ChatLine } from "../types";
import { Time } from "./chat-time";

// The chat lines that are the room's, not a viewer's words: notices' sentences, moderation, room modes,
// and the stretches without chat.

/** A notice's sentence: Twitch's own (`system-msg`), else ours for its kind. */
export function NoticeText({ line }: { line: ChatLine }) {
  const tr = useTranslator();
  const text = line.system_text || chatNotice(tr, line.kind, line.display_name || line.user_login || "");
  return <span className="font-medium text-fg">{text}</span>;
}

/** A timeout, a ban, a clear, or a change of the room's modes. */
export function SystemText({ line }: { line: ChatLine }) {
  const { t } = useTranslation();
  const tr = useTranslator();
  const name = line.display_name || line.user_login || "";
  if (line.kind === "timeout")
    return <>{t("chat.system.timeout", { name, seconds: line.params.duration_seconds ?? "?" })}</>;
  if (line.kind === "ban") return <>{t("chat.system.ban", { name })}</>;
  if (line.kind === "clear") return <>{t("chat.system.clear")}</>;
  const modes = Object.entries(line.params).map(([mode, value]) => roomMode(tr, mode, value));
  return <>{t("chat.system.roomstate", { modes: modes.join(", ") })}</>;
}

/** Room modes as ROOMSTATE names them; another one shows as its name. */
const MODE_KEYS = {
  "emote-only": "emoteOnly",
  "followers-only": "followersOnly",
  r9k: "uniqueChat",
  slow: "slow",
  "subs-only": "subsOnly",
} as const;

/** A mode and its value in words: "slow mode (30 s)", "emote-only off". */
function roomMode(tr: Translator, mode: string, value: string): string {
  const n = Number(value);
  const key = (MODE_KEYS as Record<string, string>)[mode];
  const label = key ? tr.t(`chat.modes.${key}`) : mode;
  if (mode === "slow" && n > 0) return tr.t("chat.modes.slowOn", { seconds: n });
  // Followers-only is on from 0 (any follower) and off at -1.
  if (mode === "followers-only")
    return n >= 0 ? tr.t("chat.modes.followersOn", { minutes: n }) : tr.t("chat.modes.off", { mode: label });
  return tr.t(n > 0 ? "chat.modes.on" : "chat.modes.off", { mode: label });
}

/** A stretch without chat (the capture was reconnecting, or off). */
export function ChatGapView({ gap }: { gap: ChatGapLine }) {
  const { t } = useTranslation();
  const tr = useTranslator();
  return (
    <li
      data-testid="chat-gap"
      data-offset={gap.offset_seconds}
      className="my-1 rounded-md border border-dashed border-line px-2 py-1 text-xs text-fg-muted"
    >
      <Time seconds={gap.offset_seconds} />
      {t("chat.gap", {
        seconds: Math.max(1, Math.round(gap.duration_seconds)),
        reason: chatGapReason(tr, gap.reason),
      })}
    </li>
  );
}
