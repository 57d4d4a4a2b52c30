import { z } from "zod";
import { DATETIME_FORMATS, LANGUAGES } from "../../domain/users.ts";
import { router, viewerProcedure } from "../trpc.ts";

/** An IANA time zone name this runtime knows (Intl refuses unknown ones). */
const timezone = z
  .string()
  .max(64)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: "expected an IANA time zone such as UTC or Europe/Paris" },
  );

/** The caller's display preferences; the dashboard applies them on every browser the caller signs in on. */
export const settingsRouter = router({
  get: viewerProcedure.query(({ ctx }) => ctx.api.services.settings.preferences(ctx.caller.id)),
  update: viewerProcedure
    .input(
      z.strictObject({
        // null: back to the browser's own (zone, the language's date format, language).
        timezone: timezone.nullable().optional(),
        datetime_format: z.enum(DATETIME_FORMATS).nullable().optional(),
        language: z.enum(LANGUAGES).nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.api.services.settings.updatePreferences(ctx.caller.id, input)),
});
