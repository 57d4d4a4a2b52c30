import { authRouter } from "./routers/auth.router.ts";
import { categoryRouter, tagRouter } from "./routers/category.router.ts";
import { channelRouter } from "./routers/channel.router.ts";
import { chatRouter } from "./routers/chat.router.ts";
import { eventsubRouter } from "./routers/eventsub.router.ts";
import { notificationRouter } from "./routers/notification.router.ts";
import { recordingWebhookRouter } from "./routers/recording-webhook.router.ts";
import { scheduleRouter } from "./routers/schedule.router.ts";
import { settingsRouter } from "./routers/settings.router.ts";
import { streamRouter } from "./routers/stream.router.ts";
import { systemRouter } from "./routers/system.router.ts";
import { taskRouter } from "./routers/task.router.ts";
import { videoRouter } from "./routers/video.router.ts";
import { videoRequestRouter } from "./routers/videorequest.router.ts";
import { router } from "./trpc.ts";

/** The root tRPC router: one sub-router per domain, named as in interfaces.md. */
export const appRouter = router({
  auth: authRouter,
  category: categoryRouter,
  channel: channelRouter,
  chat: chatRouter,
  eventsub: eventsubRouter,
  notification: notificationRouter,
  recordingWebhook: recordingWebhookRouter,
  schedule: scheduleRouter,
  settings: settingsRouter,
  stream: streamRouter,
  system: systemRouter,
  tag: tagRouter,
  task: taskRouter,
  video: videoRouter,
  videorequest: videoRequestRouter,
});

export type AppRouter = typeof appRouter;
