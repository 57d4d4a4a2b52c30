import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    validatorUrl: string;
  }
}

/**
 * A real token validator on loopback (runs in Node, outside the Workers runtime). Its answer depends on
 * the token's prefix; GET /calls lists what it was asked, with the bearer it saw.
 */
export default async function setup(project: TestProject) {
  const calls: { token: string; authorization: string | undefined }[] = [];
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/calls") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(calls));
      return;
    }
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      const { token } = JSON.parse(raw) as { token: string };
      calls.push({ token, authorization: req.headers.authorization });
      if (token.startsWith("valid")) res.end('{"valid":true}');
      else if (token.startsWith("reject")) res.end('{"valid":false}');
      else if (token.startsWith("unknown")) res.writeHead(401).end();
      else if (token.startsWith("outage")) res.writeHead(502).end();
      else if (token.startsWith("garbled")) res.end("not json");
      // "stall…": never answers (the relay's deadline must cover it).
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  project.provide("validatorUrl", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return () => {
    server.closeAllConnections();
    server.close();
  };
}
