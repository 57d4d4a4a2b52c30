import { networkInterfaces } from "node:os";
import { localUrl } from "../lib/local-url.ts";

/** `--host` is refused: the message names the option and what it takes. */
export class DemoHostError extends Error {
  override name = "StartupError";
}

export interface DemoListen {
  /** What replayd binds. */
  host: string;
  /** Where the simulated Twitch posts EventSub: loopback, which is the only plain http it posts to. */
  callbackHost: string;
  /** Whether other machines may reach it (a wildcard bind). */
  everyInterface: boolean;
}

/**
 * The demo's `--host`: every interface (0.0.0.0, ::), to open it from another machine, or a loopback
 * address. A single other address is refused: replayd would not answer the simulator on loopback then.
 */
export function demoListen(host: string): DemoListen {
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  if (bare === "0.0.0.0") return { host: bare, callbackHost: "127.0.0.1", everyInterface: true };
  if (bare === "::") return { host: bare, callbackHost: "[::1]", everyInterface: true };
  if (bare === "::1") return { host: bare, callbackHost: "[::1]", everyInterface: false };
  if (bare === "localhost" || /^127(\.\d{1,3}){3}$/.test(bare))
    return { host: bare, callbackHost: bare, everyInterface: false };
  throw new DemoHostError(
    `--host ${host}: expected 0.0.0.0 or :: (every interface, to open the demo from another machine) or a ` +
      "loopback address such as 127.0.0.1; the simulated Twitch reaches replayd over loopback",
  );
}

/** The addresses to print: this machine's, and other machines' (each non-loopback IPv4 address) when bound to all. */
export function demoAddresses(
  listen: DemoListen,
  port: number,
  interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces(),
): { local: string; remote: string[] } {
  const local = localUrl(listen.host, port);
  if (!listen.everyInterface) return { local, remote: [] };
  const remote = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === "IPv4" && !a.internal)
    .map((a) => `http://${a.address}:${port}`);
  return { local, remote };
}
