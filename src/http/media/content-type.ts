/** The Content-Type of a stored media file, from its extension (the recorder writes only these). */
const TYPES: Record<string, string> = {
  mp4: "video/mp4",
  m4a: "audio/mp4",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  png: "image/png",
  json: "application/json",
};

export function contentTypeOf(key: string): string {
  const ext = key.slice(key.lastIndexOf(".") + 1).toLowerCase();
  return TYPES[ext] ?? "application/octet-stream";
}
