// A Twitch user id as typed into the whitelist form: digits only, as the server requires
// (src/trpc/routers/auth.router.ts: 1–20 digits). A login such as "someone" is the common mistake, so it gets its
// own message.

export type TwitchIdCheck =
  | { ok: true; value: string }
  | { ok: false; error: "required" | "digits" | "tooLong" };

const MAX_DIGITS = 20;

export function checkTwitchId(raw: string): TwitchIdCheck {
  const value = raw.trim();
  if (value === "") return { ok: false, error: "required" };
  if (!/^\d+$/.test(value)) return { ok: false, error: "digits" };
  if (value.length > MAX_DIGITS) return { ok: false, error: "tooLong" };
  return { ok: true, value };
}
