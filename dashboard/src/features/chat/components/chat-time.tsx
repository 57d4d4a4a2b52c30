import { chatClock } from "../chat-style";

/** A chat line's time on the video, H:MM:SS. */
export function Time({ seconds }: { seconds: number }) {
  return (
    <span className="mr-1.5 font-mono text-xs tabular-nums text-fg-muted not-italic">
      {chatClock(seconds)}
    </span>
  );
}
