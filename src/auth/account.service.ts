import type { Repository } from "../db/repository.ts";
import { NotFoundError } from "../domain/errors.ts";
import { type ApiTokenScope, type Caller, DEFAULT_API_TOKEN_DAYS } from "../domain/users.ts";
import type { AuthService } from "./auth.service.ts";

export interface AccountServiceDeps {
  auth: Pick<
    AuthService,
    "logout" | "listSessions" | "revokeSession" | "createApiToken" | "listApiTokens" | "revokeApiToken"
  >;
  repo: Pick<Repository, "users">;
}

/**
 * The caller's own account: who they are, their sessions and personal API tokens. Someone else's session or
 * token is "not found", like an unknown one, so ids cannot be probed.
 */
export class AccountService {
  constructor(private readonly deps: AccountServiceDeps) {}

  /** The signed-in user as the dashboard shows them, or null. */
  async me(caller: Caller | null) {
    const user = caller ? await this.deps.repo.users.getById(caller.id) : null;
    if (!caller || !user) return null;
    return {
      user_id: user.id,
      login: user.login,
      display_name: user.display_name,
      email: user.email,
      profile_image_url: user.profile_image_url,
      role: user.role,
      via: caller.via,
    };
  }

  /** Ends the caller's current session (an API-token caller has none to end). */
  async logout(caller: Caller): Promise<{ ok: boolean }> {
    if (caller.sessionId) await this.deps.auth.logout(caller.sessionId);
    return { ok: true };
  }

  sessions(caller: Caller) {
    return this.deps.auth.listSessions(caller.id, caller.sessionId);
  }

  /** @throws NotFoundError naming `hashed_id` */
  async revokeSession(caller: Caller, hashedId: string): Promise<{ ok: boolean }> {
    if (!(await this.deps.auth.revokeSession(caller.id, hashedId))) {
      throw new NotFoundError("hashed_id: no such session of yours");
    }
    return { ok: true };
  }

  apiTokens(caller: Caller) {
    return this.deps.auth.listApiTokens(caller.id);
  }

  /** A new personal API token, shown in this answer only. */
  /** Without an expiry choice the token lasts DEFAULT_API_TOKEN_DAYS; `null` asks for one that never expires. */
  async createApiToken(
    caller: Caller,
    input: { name: string; scope: ApiTokenScope; expires_in_days?: number | null | undefined },
  ) {
    const created = await this.deps.auth.createApiToken(caller.id, {
      name: input.name,
      scope: input.scope,
      expiresInDays: input.expires_in_days === undefined ? DEFAULT_API_TOKEN_DAYS : input.expires_in_days,
    });
    return { ...created.api_token, token: created.token };
  }

  /** @throws NotFoundError naming `id` */
  async revokeApiToken(caller: Caller, id: number): Promise<{ ok: boolean }> {
    if (!(await this.deps.auth.revokeApiToken(caller.id, id))) {
      throw new NotFoundError("id: no such API token of yours");
    }
    return { ok: true };
  }
}
