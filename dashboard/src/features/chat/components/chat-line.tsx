import { memo } from "react";
import { useTranslation } from "react-i18next";
import { cn } from "@/components/ui/cn";
import { CHAT_SYSTEM_KINDS } from "@/lib/server-labels";
import { badgeLabel, readableNameColor } from "../chat-style";
import type { ChatLine } from "../types";
import { NoticeText, SystemText } from "./chat-system-text";
import { ChatText } from "./chat-text";
import { Time } from "./chat-time";

/** Everything but these is a notice (subs, gifts, raids, announcements…), shown as a highlighted block. */
const NOT_NOTICES = new Set<string>(CHAT_SYSTEM_KINDS);
/** Moderation and room lines, shown as a system line. */
const SYSTEM_KINDS = new Set(["timeout", "ban", "clear", "roomstate"]);

export interface ChatLineContext {
  emoteTemplate: string | null;
  theme: "light" | "dark";
}

/** One stored chat line, as the kind says: a message, a notice, or a moderation line. */
export const ChatLineView = memo(function ChatLineView({
  line,
  context,
  highlighted = false,
}: {
  line: ChatLine;
  context: ChatLineContext;
  highlighted?: boolean;
}) {
  const common = {
    "data-testid": "chat-line",
    "data-id": line.id,
    "data-offset": line.offset_seconds,
    "data-kind": line.kind,
    "data-deleted": line.deleted || undefined,
    "data-highlighted": highlighted || undefined,
  };
  const ring = highlighted && "bg-brand-600/15 ring-1 ring-brand-500";
  if (!NOT_NOTICES.has(line.kind))
    return (
      <li
        {...common}
        className={cn(
          "my-1 rounded-md border-l-4 border-brand-500 bg-brand-600/10 px-2 py-1.5 text-sm",
          ring,
        )}
      >
        <Time seconds={line.offset_seconds} />
        <NoticeText line={line} />
        {line.text && (
          <p className="mt-0.5 break-words">
            <Name line={line} theme={context.theme} />
            <span className="text-fg">: </span>
            <ChatText line={line} emoteTemplate={context.emoteTemplate} theme={context.theme} />
          </p>
        )}
      </li>
    );
  if (SYSTEM_KINDS.has(line.kind))
    return (
      <li {...common} className={cn("px-2 py-0.5 text-xs text-fg-muted italic", ring)}>
        <Time seconds={line.offset_seconds} />
        <SystemText line={line} />
      </li>
    );
  return <Message line={line} context={context} common={common} ring={ring || ""} />;
});

function Message({
  line,
  context,
  common,
  ring,
}: {
  line: ChatLine;
  context: ChatLineContext;
  common: Record<string, unknown>;
  ring: string;
}) {
  const { t } = useTranslation();
  const name = readableNameColor(line.color, line.user_login ?? "", context.theme);
  return (
    <li
      {...common}
      className={cn(
        "break-words rounded px-2 py-0.5 text-sm leading-6",
        line.deleted && "text-fg-muted",
        ring,
      )}
    >
      {line.reply && (
        <p className="truncate text-xs text-fg-muted">
          {t("chat.replyingTo", {
            name: line.reply.display_name || line.reply.user_login,
            text: line.reply.text,
          })}
        </p>
      )}
      <Time seconds={line.offset_seconds} />
      {line.badges.map((badge) => (
        <BadgeChip key={`${badge.set_id}/${badge.version}`} badge={badge} />
      ))}
      <Name line={line} theme={context.theme} color={line.deleted ? undefined : name} />
      {!line.action && <span>: </span>}
      {line.action && " "}
      {line.bits > 0 && (
        <span className="mr-1 rounded bg-warning-soft px-1 text-xs font-semibold text-warning">
          {t("chat.bits", { count: line.bits })}
        </span>
      )}
      <span
        className={cn(line.action && "italic", line.deleted ? "line-through" : "text-fg")}
        style={line.action && !line.deleted ? { color: name } : undefined}
      >
        <ChatText line={line} emoteTemplate={context.emoteTemplate} theme={context.theme} />
      </span>
      {line.deleted && <span className="ml-1 text-xs not-italic">({t("chat.deleted")})</span>}
    </li>
  );
}

function Name({ line, theme, color }: { line: ChatLine; theme: "light" | "dark"; color?: string }) {
  const shown = color ?? readableNameColor(line.color, line.user_login ?? "", theme);
  return (
    <span data-chat-name className="font-semibold" style={{ color: line.deleted ? undefined : shown }}>
      {line.display_name || line.user_login}
    </span>
  );
}

function BadgeChip({ badge }: { badge: { set_id: string; version: string } }) {
  const { t } = useTranslation();
  const label = badgeLabel(badge);
  let text: string;
  if (label.key === null) text = label.text;
  else if ("count" in label && label.count !== null)
    text = t(`chat.badges.${label.key}Count`, { n: label.count });
  else text = t(`chat.badges.${label.key}`);
  return (
    <span
      title={`${badge.set_id}/${badge.version}`}
      className="mr-1 inline-block rounded bg-surface-muted px-1 align-[1px] text-[0.65rem] font-semibold uppercase leading-4 tracking-wide text-fg-muted"
    >
      {text}
    </span>
  );
}
