import { createHash } from "node:crypto";

export type ChallengeMethod = "S256" | "plain";

/** RFC 7636: 43–128 characters from the unreserved set. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/** The S256 challenge of a verifier: base64url(SHA-256(verifier)) without padding. */
export function s256Challenge(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

/** Whether `verifier` answers the challenge sent to /oauth2/authorize (RFC 7636 §4.6). */
export function verifierMatches(verifier: string, challenge: string, method: ChallengeMethod): boolean {
  if (!VERIFIER.test(verifier)) return false;
  return (method === "S256" ? s256Challenge(verifier) : verifier) === challenge;
}
