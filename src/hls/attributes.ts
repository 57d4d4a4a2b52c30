/**
 * Parses an HLS attribute list (`KEY=VALUE,KEY="quoted, value",…`) keeping Twitch's attribute names as
 * written, which m3u8-parser would camel-case. Quoted values stay strings; others become numbers when
 * they are decimal numbers.
 */
export function parseAttributeList(text: string): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  const re = /([A-Z0-9-]+)=("(?:[^"]*)"|[^,]*)(?:,|$)/g;
  for (const match of text.matchAll(re)) {
    const [, key, raw] = match as unknown as [string, string, string];
    if (raw.startsWith('"')) out[key] = raw.slice(1, -1);
    else out[key] = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  }
  return out;
}
