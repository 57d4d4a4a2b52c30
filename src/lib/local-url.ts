/**
 * The address to open in a browser on this machine for a server bound to `hostname:port`. A wildcard bind
 * (0.0.0.0, ::) is no address a browser can open: it is reached at localhost.
 */
export function localUrl(hostname: string, port: number): string {
  const bare = hostname.replace(/^\[(.*)\]$/, "$1");
  if (bare === "" || bare === "0.0.0.0" || bare === "::") return `http://localhost:${port}`;
  return `http://${bare.includes(":") ? `[${bare}]` : bare}:${port}`;
}
