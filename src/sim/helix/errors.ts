import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";

const REASONS: Partial<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  410: "Gone",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

/** Helix's error body: `{"error":"<HTTP reason>","status":<int>,"message":"<text>"}`. */
export function helixErrorBody(status: number, message: string) {
  return { error: REASONS[status] ?? "Error", status, message };
}

/** An error a Helix handler throws to answer with Helix's error shape. */
export class HelixError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
  ) {
    super(message);
  }
}

/** A request that failed zod validation, as a Helix 400 naming the first offending field. */
export function fromZodError(error: z.ZodError): HelixError {
  const issue = error.issues[0];
  const field = issue?.path.join(".") || "body";
  return new HelixError(400, `${field}: ${issue?.message ?? "invalid"}`);
}
