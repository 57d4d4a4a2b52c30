// The API token the load clients send as `Authorization: Bearer <token>`.
import { createHash, randomBytes } from "node:crypto";
import type { Repository } from "../../src/db/repository.ts";
import type { ApiTokenScope } from "../../src/domain/users.ts";

/**
 * Mints a personal API token for `userId` straight into the database, as signing in and creating a token in
 * the dashboard would: a random `rpd_…` value whose SHA-256 (lowercase hex) is stored in api_tokens through
 * the repository, with its first 12 characters as the visible prefix. The server's authentication hashes
 * the bearer value the same way and looks the hash up, so the raw token is never stored. Read-only unless
 * another scope is asked for.
 */
export async function mintBenchToken(
  repo: Repository,
  userId: string,
  scope: ApiTokenScope = "read",
): Promise<string> {
  const token = `rpd_${randomBytes(32).toString("base64url")}`;
  await repo.apiTokens.create({
    user_id: userId,
    name: `bench ${new Date().toISOString()} ${randomBytes(3).toString("hex")}`,
    token_hash: createHash("sha256").update(token).digest("hex"),
    token_prefix: token.slice(0, 12),
    scope,
  });
  return token;
}
