import { chatFragments, emoteUrl } from "../chat-fragments";
import type { ChatLine } from "../types";

/** What a viewer wrote, emotes as images (their text as alt, so copying and screen readers keep it). */
export function ChatText({
  line,
  emoteTemplate,
  theme,
}: {
  line: Pick<ChatLine, "text" | "emotes">;
  emoteTemplate: string | null;
  theme: "light" | "dark";
}) {
  const fragments = chatFragments(line.text, emoteTemplate ? line.emotes : []);
  return (
    <>
      {fragments.map((f, i) =>
        f.kind === "text" ? (
          // Fragments never move: their position is their identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <span key={i}>{f.text}</span>
        ) : (
          <img
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            key={i}
            src={emoteUrl(emoteTemplate ?? "", f.id, theme)}
            alt={f.text}
            title={f.text}
            loading="lazy"
            data-emote={f.id}
            className="-my-1 inline-block h-7 w-auto max-w-16 align-middle"
          />
        ),
      )}
    </>
  );
}
