import { useStoredChoice } from "@/lib/stored-choice";

/** localStorage key of the watch page's chat panel: shown beside the player, or hidden. */
export const WATCH_CHAT_STORAGE_KEY = "replayd:watch-chat";
export const WATCH_CHAT_CHOICES = ["shown", "hidden"] as const;
export type WatchChatChoice = (typeof WATCH_CHAT_CHOICES)[number];

/** Whether this browser shows chat on the watch page (shown until hidden once). */
export function useWatchChatShown(): [boolean, (shown: boolean) => void] {
  const [choice, setChoice] = useStoredChoice<WatchChatChoice>(
    WATCH_CHAT_STORAGE_KEY,
    WATCH_CHAT_CHOICES,
    "shown",
  );
  return [choice === "shown", (shown) => setChoice(shown ? "shown" : "hidden")];
}
