import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

/**
 * A real S3-protocol server on loopback for tests: s3rver (npm), which speaks enough of S3 for what replayd
 * does (multipart uploads, ranged GETs, HEAD, DELETE) and stores objects in a temporary folder.
 */
export async function startS3(bucket = "recordings") {
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory: mkdtempSync(join(tmpdir(), "replayd-s3-")),
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = (await server.run()) as { port: number };
  return {
    options: {
      endpoint: `http://127.0.0.1:${port}`,
      bucket,
      region: "us-east-1",
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      pathStyle: true,
    },
    stop: () => server.close(),
  };
}
