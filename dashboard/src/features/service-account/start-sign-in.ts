/** The server route that starts the service account's OAuth flow (owner only). */
export const SERVICE_ACCOUNT_SIGN_IN = "/api/v1/auth/twitch/service-account";

/**
 * Starts the flow: the server sets its flow cookie and answers Twitch's authorize URL, which the caller
 * opens. (A form post would be stopped by the CSP's `form-action 'self'` when it redirects to Twitch.)
 * @throws Error with the server's message
 */
export async function startServiceAccountSignIn(fetchImpl: typeof fetch = fetch): Promise<string> {
  const response = await fetchImpl(SERVICE_ACCOUNT_SIGN_IN, {
    method: "POST",
    credentials: "same-origin",
    headers: { accept: "application/json" },
  });
  const body = (await response.json().catch(() => null)) as {
    authorize_url?: unknown;
    error?: { message?: unknown };
  } | null;
  if (response.ok && typeof body?.authorize_url === "string") return body.authorize_url;
  const message = typeof body?.error?.message === "string" ? body.error.message : `HTTP ${response.status}`;
  throw new Error(message);
}
