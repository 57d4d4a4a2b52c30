import type { Repository } from "../db/repository.ts";
import type { JsonObject } from "../domain/json.ts";
import type { EventLogDomain, EventSink, Severity } from "../domain/ops.ts";
import type { Caller } from "../domain/users.ts";

/** What replayd did, for the owner's logs page: the event log (listed, searched) and Helix's fetch log. */
export class ActivityService {
  constructor(
    private readonly deps: { repo: Pick<Repository, "eventLogs" | "fetchLogs">; events: EventSink },
  ) {}

  /**
   * Someone changed a setting (or a schedule): who, and what, in their words ("paused every schedule"), with
   * the values those words name (`{ paused: true }`).
   */
  changed(
    caller: Pick<Caller, "id" | "login">,
    change: { domain: EventLogDomain; what: string; procedure: string; values?: JsonObject },
  ) {
    return this.deps.events.write({
      domain: change.domain,
      event_type: "changed",
      severity: "info",
      message: `${caller.login} ${change.what}`,
      actor_user_id: caller.id,
      data: { ...change.values, by: caller.login, procedure: change.procedure },
    });
  }

  events(query: {
    limit: number;
    offset: number;
    domain?: string | undefined;
    severity?: Severity | undefined;
    broadcaster_id?: string | undefined;
  }) {
    return this.deps.repo.eventLogs.list(query);
  }

  searchEvents(query: { query: string; limit: number; offset: number }) {
    return this.deps.repo.eventLogs.search(query);
  }

  fetches(query: { limit: number; offset: number; fetch_type?: string | undefined }) {
    return this.deps.repo.fetchLogs.list(query);
  }
}
