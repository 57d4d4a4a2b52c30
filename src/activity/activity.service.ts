import type { Repository } from "../db/repository.ts";
import type { Severity } from "../domain/ops.ts";

/** What replayd did, for the owner's logs page: the event log (listed, searched) and Helix's fetch log. */
export class ActivityService {
  constructor(private readonly deps: { repo: Pick<Repository, "eventLogs" | "fetchLogs"> }) {}

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
