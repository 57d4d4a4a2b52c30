import { S3Client } from "bun";
import { checkKey, type Storage, type StoredObject } from "./storage.ts";

export interface S3Options {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (endpoint/bucket/key), which self-hosted servers (Garage, MinIO, …) usually need. */
  pathStyle: boolean;
}

/** Recordings in an S3-compatible bucket through Bun's built-in client: multipart uploads, ranged reads. */
export class S3Storage implements Storage {
  readonly kind = "s3";
  private readonly client: S3Client;

  constructor(options: S3Options) {
    this.client = new S3Client({
      endpoint: options.endpoint || undefined,
      bucket: options.bucket,
      region: options.region || undefined,
      accessKeyId: options.accessKeyId || undefined,
      secretAccessKey: options.secretAccessKey || undefined,
      virtualHostedStyle: !options.pathStyle,
    });
  }

  localPath(): null {
    return null;
  }

  async putFile(key: string, path: string, contentType: string): Promise<void> {
    // Bun splits large bodies into a multipart upload on its own.
    await this.client.write(checkKey(key), Bun.file(path), { type: contentType, partSize: 16 * 1024 * 1024 });
  }

  async size(key: string): Promise<number | null> {
    return (await this.stat(key))?.size ?? null;
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const stats = await this.client.stat(checkKey(key));
      return {
        size: stats.size,
        modifiedAt: stats.lastModified,
        etag: stats.etag.replaceAll('"', "") || null,
      };
    } catch (err) {
      if ((err as { code?: string }).code === "NoSuchKey" || /404|not found/i.test(String(err))) return null;
      throw err;
    }
  }

  async read(key: string, range?: { start: number; end: number }): Promise<ReadableStream<Uint8Array>> {
    const file = this.client.file(checkKey(key));
    return (range ? file.slice(range.start, range.end + 1) : file).stream();
  }

  async delete(key: string): Promise<void> {
    await this.client.delete(checkKey(key));
  }
}
