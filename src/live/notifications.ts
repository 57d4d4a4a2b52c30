import { z } from "zod";
import type { EventSubNotification as Notification } from "../domain/eventsub.ts";
import type { LiveService } from "./live.service.ts";

const broadcaster = z.object({ broadcaster_user_id: z.string() });
const update = broadcaster.extend({
  title: z.string().optional(),
  category_id: z.string().optional(),
  category_name: z.string().optional(),
});

/** Routes an EventSub notification to live detection; unknown types are ignored (audited already). */
export function notificationHandler(live: Pick<LiveService, "online" | "offline" | "updated">) {
  return async (notification: Notification): Promise<void> => {
    if (notification.type === "stream.online") {
      await live.online(broadcaster.parse(notification.event).broadcaster_user_id);
    } else if (notification.type === "stream.offline") {
      await live.offline(broadcaster.parse(notification.event).broadcaster_user_id);
    } else if (notification.type === "channel.update") {
      const event = update.parse(notification.event);
      await live.updated(event.broadcaster_user_id, {
        title: event.title,
        categoryId: event.category_id,
        categoryName: event.category_name,
      });
    }
  };
}
