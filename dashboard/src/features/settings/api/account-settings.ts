import type { QueryClient } from "@tanstack/react-query";
import { followAccountLanguage } from "@/lib/i18n";
import type { TrpcOptionsProxy } from "@/lib/trpc";

/**
 * Loads the signed-in user's saved settings before the first page renders, so every date shows in their
 * zone and format from the start, and switches the UI to the language saved to their account (whatever
 * this browser used before). Without them the pages still work, in this browser's language and zone.
 */
export async function loadAccountSettings(queryClient: QueryClient, trpc: TrpcOptionsProxy): Promise<void> {
  try {
    const settings = await queryClient.ensureQueryData(trpc.settings.get.queryOptions());
    followAccountLanguage(settings.language);
  } catch {
    // Shown as this browser's; the next navigation tries again.
  }
}
