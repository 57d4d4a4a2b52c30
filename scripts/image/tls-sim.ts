// The Twitch simulator served over HTTPS on loopback, with a certificate from a throwaway authority made here:
// a recorder in the image reaches it only if its TLS stack verifies the chain against a CA it was given
// (NODE_EXTRA_CA_CERTS), and is refused without it. Everything runs outside the image.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../../src/log/logger.ts";
import type { SocketData } from "../../src/sim/chat/hub.ts";
import { createSimulator } from "../../src/sim/server.ts";

export interface TlsSimulator {
  url: string;
  /** The authority's certificate (PEM): what NODE_EXTRA_CA_CERTS points at. */
  caPem: string;
  control(path: string, body?: unknown): Promise<Record<string, unknown>>;
  /** Whether the channel is live, and its current segment number (-1 before the first one, or offline). */
  channel(login: string): Promise<{ live: boolean; sequence: number }>;
  stop(): Promise<void>;
}

function openssl(args: string[], cwd: string) {
  const run = Bun.spawnSync(["openssl", ...args], { cwd, stderr: "pipe", stdout: "ignore" });
  if (run.exitCode !== 0) throw new Error(`openssl ${args[0]} failed: ${run.stderr.toString().trim()}`);
}

/** A CA and a server certificate for 127.0.0.1 signed by it (EC P-256, valid one day). */
export function makeCertificates(): { caPem: string; cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), "replayd-image-ca-"));
  try {
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    openssl(
      [
        "req",
        "-x509",
        ...ec,
        "-days",
        "1",
        "-subj",
        "/CN=replayd image validation CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
      ],
      dir,
    );
    openssl(["req", ...ec, "-subj", "/CN=127.0.0.1", "-keyout", "server.key", "-out", "server.csr"], dir);
    writeFileSync(
      join(dir, "server.ext"),
      "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    );
    openssl(
      [
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "1",
        "-extfile",
        "server.ext",
        "-out",
        "server.pem",
      ],
      dir,
    );
    return {
      caPem: readFileSync(join(dir, "ca.pem"), "utf8"),
      cert: readFileSync(join(dir, "server.pem"), "utf8"),
      key: readFileSync(join(dir, "server.key"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function startTlsSimulator(): TlsSimulator {
  const { caPem, cert, key } = makeCertificates();
  const sim = createSimulator({ log: createLogger({ level: "fatal", format: "json" }), seed: 22, warp: 1 });
  // As startSimulator serves it (chat's WebSocket at /irc beside the app), with TLS: every URL the simulator
  // writes (playlists, segments) follows the request's origin, so the whole recording goes over HTTPS.
  const server = Bun.serve<SocketData>({
    hostname: "127.0.0.1",
    port: 0,
    tls: { cert, key },
    fetch: (req, srv) =>
      new URL(req.url).pathname === "/irc" ? sim.chat.hub.upgrade(req, srv) : sim.app.fetch(req, srv),
    websocket: sim.chat.hub.websocket,
    idleTimeout: 0,
  });
  const request = (path: string, init?: RequestInit) => Promise.resolve(sim.app.request(path, init));
  return {
    url: `https://127.0.0.1:${server.port}`,
    caPem,
    async control(path, body = {}) {
      const res = await request(`/sim${path}`, { method: "POST", body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`simulator ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    },
    async channel(login) {
      const state = (await (await request("/sim/state")).json()) as {
        channels: { login: string; live: boolean; session: { current_sequence: number } | null }[];
      };
      const channel = state.channels.find((c) => c.login === login);
      return { live: channel?.live ?? false, sequence: channel?.session?.current_sequence ?? -1 };
    },
    async stop() {
      sim.close();
      await server.stop(true);
    },
  };
}
