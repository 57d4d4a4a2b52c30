// The playback cache's size limit as typed: a whole percentage of the filesystem, 1 to 100, as the server
// requires (src/trpc/routers/system.router.ts).

export type PercentCheck = { ok: true; value: number } | { ok: false; error: "required" | "range" };

export function checkMaxPercent(raw: string): PercentCheck {
  const text = raw.trim();
  if (text === "") return { ok: false, error: "required" };
  if (!/^\d+$/.test(text)) return { ok: false, error: "range" };
  const value = Number(text);
  return value >= 1 && value <= 100 ? { ok: true, value } : { ok: false, error: "range" };
}
