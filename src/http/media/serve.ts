import { type Storage, StorageKeyError, type StoredObject } from "../../storage/storage.ts";
import { isNotModified, rangeStillValid, strongEtag, type Validators } from "./preconditions.ts";
import { type ByteRange, contentRange, parseRange, unsatisfiedRange } from "./range.ts";

export interface ServeOptions {
  contentType: string;
  cacheControl: string;
  /** e.g. `attachment; filename="…"` for downloads. */
  contentDisposition?: string;
}

/**
 * Answers a GET or HEAD for one stored object with Range and conditional-request support: 200, 206, 304,
 * 416, or the JSON 404 when the object is missing (or the key is not a valid storage key).
 *
 * Local files go out as a slice of `Bun.file`, which Bun.serve sends with sendfile: nothing is buffered,
 * whatever the file size. S3 objects are proxied as a ranged GET stream, so access control stays here and
 * no presigned URL leaks.
 */
export async function serveStored(
  storage: Storage,
  key: string,
  request: Request,
  options: ServeOptions,
): Promise<Response> {
  let object: StoredObject | null;
  try {
    object = await storage.stat(key);
  } catch (err) {
    if (err instanceof StorageKeyError) return mediaNotFound();
    throw err;
  }
  if (!object) return mediaNotFound();
  const size = object.size;
  return serveBytes(
    {
      size,
      etag: object.etag ? `"${object.etag}"` : strongEtag(size, object.modifiedAt?.getTime() ?? 0),
      lastModified: object.modifiedAt,
      body: (range, length) => body(storage, key, range, length),
    },
    request,
    options,
  );
}

/** A representation of known size and validators, and how to read a span of it. */
export interface ServedBytes extends Validators {
  size: number;
  body(range: ByteRange, length: number): Promise<Blob | ReadableStream<Uint8Array> | null>;
}

/** GET/HEAD of `bytes` with conditional requests and Range: 200, 206, 304 or 416. */
export async function serveBytes(
  bytes: ServedBytes,
  request: Request,
  options: ServeOptions,
): Promise<Response> {
  const { size } = bytes;
  const validators: Validators = { etag: bytes.etag, lastModified: bytes.lastModified };
  const headers = new Headers({
    "Accept-Ranges": "bytes",
    "Cache-Control": options.cacheControl,
    ETag: validators.etag,
    "X-Content-Type-Options": "nosniff",
  });
  if (validators.lastModified) headers.set("Last-Modified", validators.lastModified.toUTCString());

  if (isNotModified(request.headers, validators)) return new Response(null, { status: 304, headers });

  headers.set("Content-Type", options.contentType);
  if (options.contentDisposition) headers.set("Content-Disposition", options.contentDisposition);
  const rangeHeader = rangeStillValid(request.headers.get("if-range"), validators)
    ? request.headers.get("range")
    : null;
  const decision = parseRange(rangeHeader, size);
  if (decision.kind === "unsatisfiable") {
    headers.set("Content-Range", unsatisfiedRange(size));
    headers.set("Content-Type", "application/json");
    return new Response(
      JSON.stringify({
        error: {
          code: "RANGE_NOT_SATISFIABLE",
          message: `range ${rangeHeader} is past the end: the object has ${size} bytes`,
        },
      }),
      { status: 416, headers },
    );
  }

  const range: ByteRange = decision.kind === "partial" ? decision.range : { start: 0, end: size - 1 };
  const length = Math.max(0, range.end - range.start + 1);
  const status = decision.kind === "partial" ? 206 : 200;
  if (status === 206) headers.set("Content-Range", contentRange(range, size));
  headers.set("Content-Length", String(length));
  if (request.method === "HEAD") return new Response(null, { status, headers });
  return new Response(length === 0 ? null : await bytes.body(range, length), { status, headers });
}

async function body(
  storage: Storage,
  key: string,
  range: ByteRange,
  length: number,
): Promise<Blob | ReadableStream<Uint8Array> | null> {
  if (length === 0) return null;
  const path = storage.localPath(key);
  // The slice is fixed to the stat'ed size, so a file that grows meanwhile still matches Content-Length.
  if (path !== null) return Bun.file(path).slice(range.start, range.end + 1);
  const stream = await storage.read(key, range);
  // Bun.serve drops Content-Length from stream bodies (oven-sh/bun#10507) and sends them chunked. Players
  // probe with small ranges and some (Safari) want the length, so those are buffered to get it exactly;
  // long spans stream chunked, their Content-Range still giving start, end and size.
  if (length <= BUFFERED_PROXY_LIMIT) {
    // Cut to the span asked for: some S3 servers (s3rver) answer `bytes=0-0` with the whole object.
    const bytes = await new Response(stream).arrayBuffer();
    return new Blob([bytes.byteLength > length ? bytes.slice(0, length) : bytes]);
  }
  return stream;
}

/** The longest proxied (S3) span held in memory to answer with an exact Content-Length. */
export const BUFFERED_PROXY_LIMIT = 8 * 1024 * 1024;

/** The one JSON error shape, for anything that is not there (or must look as if it were not). */
export function mediaNotFound(message = "no such media"): Response {
  // no-store: a still made a moment later must not stay hidden behind a cached 404.
  return Response.json(
    { error: { code: "NOT_FOUND", message } },
    { status: 404, headers: { "Cache-Control": "no-store" } },
  );
}
