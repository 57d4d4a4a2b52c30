import { type RelayEnv, readSettings } from "./env.ts";
import { text } from "./frames.ts";

/**
 * Optional token validation (a hosted relay asks its control plane whether a token is live). Off when
 * neither TOKEN_VALIDATE_URL nor RELAY_SHARED_SECRET is set (self-hosting: the token is the capability).
 * Fails closed: half a configuration, a plaintext URL, an outage or a timeout refuse the request.
 * Returns the refusal, or null when the token may be used.
 */
export async function checkToken(token: string, env: RelayEnv): Promise<Response | null> {
  const url = env.TOKEN_VALIDATE_URL ?? "";
  const secret = env.RELAY_SHARED_SECRET ?? "";
  if (url === "" && secret === "") return null;
  if (url === "" || secret === "") return text("relay token validation not configured\n", 503);
  if (!url.startsWith("https://") && env.ALLOW_INSECURE_TOKEN_VALIDATE_URL !== "1") {
    return text("relay token validation URL must use https\n", 503);
  }
  const { validateTimeoutMs } = readSettings(env);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), validateTimeoutMs);
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify({ token }),
      signal: controller.signal,
    });
    if (res.status >= 500) return text("relay token validation unavailable\n", 503);
    if (!res.ok) return text("relay token rejected\n", 403);
    // The body read is covered by the same deadline: a validator that stalls mid-answer is an outage.
    const answer = (await res.json().catch(() => null)) as { valid?: unknown } | null;
    if (controller.signal.aborted) return text("relay token validation unavailable\n", 503);
    return answer?.valid === true ? null : text("relay token rejected\n", 403);
  } catch {
    return text("relay token validation unavailable\n", 503);
  } finally {
    clearTimeout(timer);
  }
}
