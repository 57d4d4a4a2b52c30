import { Hono } from "hono";
import { z } from "zod";
import type { ChatService } from "../../chat/chat.service.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { Logger } from "../../log/logger.ts";
import { type AppEnv, requireCaller } from "../env.ts";

export interface ChatExportDeps {
  chat: Pick<ChatService, "export">;
  log: Pick<Logger, "error">;
}

// Ids come from the URL as text: only plain decimal numbers pass; anything else is "not found".
const videoId = z
  .string()
  .regex(/^[1-9]\d{0,14}$/)
  .transform(Number);
const format = z.enum(["json", "txt"]).default("json");

const notFound = (id: string) => ({ error: { code: "NOT_FOUND", message: `no video ${id}` } });

/**
 * `GET /videos/{id}/chat?format=json|txt` (signed in): a recording's chat as a download, TwitchDownloader's
 * chat JSON (the default) or plain text, streamed a batch of lines at a time so a million lines cost no
 * more memory than a hundred. A removed or unknown video is a 404.
 */
export function chatExportRoutes(deps: ChatExportDeps): Hono<AppEnv> {
  return new Hono<AppEnv>().get("/videos/:id/chat", requireCaller, async (c) => {
    const id = videoId.safeParse(c.req.param("id"));
    if (!id.success) return c.json(notFound(c.req.param("id")), 404);
    const wanted = format.safeParse(c.req.query("format"));
    if (!wanted.success) {
      return c.json({ error: { code: "BAD_REQUEST", message: "format: expected json or txt" } }, 400);
    }
    let file: Awaited<ReturnType<ChatService["export"]>>;
    try {
      file = await deps.chat.export(id.data, wanted.data);
    } catch (err) {
      if (err instanceof NotFoundError) return c.json(notFound(String(id.data)), 404);
      throw err;
    }
    const chunks = file.chunks[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    // Pulled: the next batch is read only once the client took the last one.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (err) {
          deps.log.error({ err, video_id: id.data }, "the chat export failed part way; the download is cut");
          controller.error(err);
        }
      },
      async cancel() {
        await chunks.return?.(undefined);
      },
    });
    return new Response(body, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.filename.replace(/["\\\r\n]/g, "_")}"`,
        "Cache-Control": "private, no-store",
      },
    });
  });
}
