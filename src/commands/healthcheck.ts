import { z } from "zod";
import type { ResolvedConfig } from "../config/index.ts";

export const HEALTHCHECK_HELP = `Usage: replayd healthcheck

Asks the server on this machine (HOST and PORT, as \`serve\` reads them) whether it is healthy, for
container health checks (a scratch image has no curl). Exit 0: healthy (ok, or degraded: it runs and says
what it lacks); 1: unhealthy, or no answer within 5 s, or nothing listening.
`;

const TIMEOUT_MS = 5_000;
const answer = z.object({ status: z.string(), reasons: z.array(z.string()).default([]) });

/** Where `serve` listens, seen from this machine: a wildcard bind is reached on loopback. */
export function healthUrl(server: Pick<ResolvedConfig["server"], "host" | "port">): string {
  const bare = server.host.replace(/^\[(.*)\]$/, "$1");
  const host = bare === "" || bare === "0.0.0.0" ? "127.0.0.1" : bare === "::" ? "::1" : bare;
  return `http://${host.includes(":") ? `[${host}]` : host}:${server.port}/api/v1/health`;
}

/**
 * `replayd healthcheck`: GET /api/v1/health on the local server. One line on stdout when healthy, on
 * stderr (with the reasons) when not. Never throws: every failure is an exit code and a sentence.
 */
export async function runHealthcheck(
  config: { server: Pick<ResolvedConfig["server"], "host" | "port"> },
  io: { out: (text: string) => void; err: (text: string) => void },
  fetcher: typeof fetch = fetch,
): Promise<number> {
  const url = healthUrl(config.server);
  let res: Response;
  try {
    res = await fetcher(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "manual" });
  } catch (err) {
    const why =
      (err as Error).name === "TimeoutError"
        ? `no answer within ${TIMEOUT_MS / 1000} s`
        : `nothing answers (${(err as { code?: string }).code ?? (err as Error).message})`;
    io.err(`unhealthy: ${url}: ${why}\n`);
    return 1;
  }
  const parsed = answer.safeParse(await res.json().catch(() => null));
  if (!parsed.success) {
    io.err(`unhealthy: ${url} answered ${res.status} without a health report: is replayd on this port?\n`);
    return 1;
  }
  const { status, reasons } = parsed.data;
  const detail = reasons.length ? `: ${reasons.join("; ")}` : "";
  if (res.status === 200 && (status === "ok" || status === "degraded")) {
    io.out(`${status}${detail}\n`);
    return 0;
  }
  io.err(`unhealthy (${res.status}, ${status})${detail}\n`);
  return 1;
}
