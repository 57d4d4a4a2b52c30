import type { Repository } from "../db/repository.ts";
import { InvalidInputError } from "../domain/errors.ts";
import type { Caller, Role } from "../domain/users.ts";
import type { AuthService } from "./auth.service.ts";

/** The owner's administration of people: roles, and the whitelist that admits them. */
export class UserAdmin {
  constructor(
    private readonly deps: {
      repo: Pick<Repository, "users" | "whitelist" | "sessions" | "apiTokens">;
      /** API tokens carry their owner's role: a change here must reach them at once. */
      auth: Pick<AuthService, "forgetTokenCallers">;
    },
  ) {}

  list() {
    return this.deps.repo.users.list();
  }

  /** @throws InvalidInputError when the caller would demote themselves (someone must stay owner) */
  async setRole(caller: Caller, userId: string, role: Role) {
    if (userId === caller.id && role !== "owner") {
      throw new InvalidInputError("user_id: you cannot demote yourself");
    }
    const user = await this.deps.repo.users.setRole(userId, role);
    this.deps.auth.forgetTokenCallers();
    return user;
  }

  whitelist() {
    return this.deps.repo.whitelist.list();
  }

  async allow(twitchUserId: string): Promise<{ ok: boolean }> {
    await this.deps.repo.whitelist.add(twitchUserId);
    return { ok: true };
  }

  /** Removal means no access: that person's sessions end and their API tokens are revoked too. */
  async disallow(twitchUserId: string) {
    const { repo } = this.deps;
    const removed = await repo.whitelist.remove(twitchUserId);
    const sessions = await repo.sessions.deleteAllForUser(twitchUserId);
    for (const token of await repo.apiTokens.listForUser(twitchUserId)) {
      await repo.apiTokens.delete(twitchUserId, token.id);
    }
    this.deps.auth.forgetTokenCallers();
    return { ok: true, removed, sessions_revoked: sessions };
  }
}
