import type { RouterOutputs } from "@/lib/trpc";

/** A stored chat line as `chat.page` returns it (offsets on the video's one timeline). */
export type ChatLine = RouterOutputs["chat"]["page"]["messages"][number];

/** A stretch of the video without chat, as `chat.summary` lists them. */
export type ChatGapLine = RouterOutputs["chat"]["summary"]["gaps"][number];
