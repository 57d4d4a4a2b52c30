import type { Repository } from "../db/repository.ts";
import { NotFoundError } from "../domain/errors.ts";
import type { Schedule, ScheduleInput } from "../domain/schedules.ts";
import { type Caller, roleAtLeast } from "../domain/users.ts";
import type { Logger } from "../log/logger.ts";

/** Live detection's side of a schedule change: a schedule that now matches a live channel records it now. */
export interface ScheduleChangeListener {
  scheduleChanged(schedule: Schedule): Promise<void>;
}

export interface ScheduleServiceDeps {
  repo: Pick<Repository, "schedules" | "serverSettings">;
  live: ScheduleChangeListener;
  log: Pick<Logger, "warn">;
  /**
   * How long a change waits for what it sets off (Helix, then the recorder) before answering; past it the
   * work goes on and its failure is still logged. Helix can take 10 s per attempt when Twitch is slow.
   */
  applyBudgetMs?: number;
}

/**
 * Auto-record schedules: who sees which (the owner all, others their own; someone else's is "not found",
 * never "forbidden"), their changes, and the global pause. A created, edited or re-enabled schedule for a
 * channel that is live now starts its recording before the answer when that takes under the budget.
 */
export class ScheduleService {
  private readonly applying = new Set<Promise<void>>();

  constructor(private readonly deps: ScheduleServiceDeps) {}

  list(caller: Caller, page: { limit: number; offset: number }) {
    const everyone = roleAtLeast(caller.role, "owner");
    return this.deps.repo.schedules.list({ ...page, requestedBy: everyone ? null : caller.id });
  }

  /** The caller's own schedules (at most 1,000: one per channel they record). */
  async mine(caller: Caller): Promise<Schedule[]> {
    return (await this.deps.repo.schedules.list({ limit: 1000, offset: 0, requestedBy: caller.id })).data;
  }

  /** @throws NotFoundError (also for someone else's, unless the caller is the owner) */
  async get(caller: Caller, id: number): Promise<Schedule> {
    const schedule = await this.deps.repo.schedules.getById(id);
    if (!schedule || (!roleAtLeast(caller.role, "owner") && schedule.requested_by !== caller.id)) {
      throw new NotFoundError(`no schedule ${id}`);
    }
    return schedule;
  }

  /** @throws ConflictError (the caller already has one for this channel), NotFoundError (unknown channel) */
  async create(caller: Caller, broadcasterId: string, rule: ScheduleInput): Promise<Schedule> {
    const schedule = await this.deps.repo.schedules.create({
      ...rule,
      broadcaster_id: broadcasterId,
      requested_by: caller.id,
    });
    await this.apply(schedule);
    return schedule;
  }

  async update(caller: Caller, id: number, rule: ScheduleInput): Promise<Schedule> {
    await this.get(caller, id);
    const schedule = await this.deps.repo.schedules.update(id, rule);
    await this.apply(schedule);
    return schedule;
  }

  /** Turns a schedule off, or back on. */
  async toggle(caller: Caller, id: number): Promise<Schedule> {
    const current = await this.get(caller, id);
    const schedule = await this.deps.repo.schedules.setDisabled(id, !current.is_disabled);
    await this.apply(schedule);
    return schedule;
  }

  async delete(caller: Caller, id: number): Promise<{ ok: boolean }> {
    await this.get(caller, id);
    return { ok: await this.deps.repo.schedules.delete(id) };
  }

  async pauseState(): Promise<{ paused: boolean }> {
    return { paused: (await this.deps.repo.serverSettings.get()).schedules_paused };
  }

  /** While paused, no schedule starts a recording (running ones go on). */
  async setPaused(paused: boolean): Promise<{ paused: boolean }> {
    const settings = await this.deps.repo.serverSettings.update({ schedules_paused: paused });
    return { paused: settings.schedules_paused };
  }

  /** Resolves once what earlier changes set off has settled. */
  async idle(): Promise<void> {
    await Promise.all(this.applying);
  }

  /** Lets live detection act on the change; its failure is logged (the schedule stays saved). */
  private async apply(schedule: Schedule): Promise<void> {
    const work: Promise<void> = this.deps.live
      .scheduleChanged(schedule)
      .catch((err: unknown) => {
        this.deps.log.warn(
          { err: err instanceof Error ? err.message : String(err), schedule_id: schedule.id },
          "a changed schedule could not start its recording now; it applies from the channel's next go-live",
        );
      })
      .finally(() => this.applying.delete(work));
    this.applying.add(work);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const budget = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.deps.applyBudgetMs ?? 5_000);
    });
    await Promise.race([work, budget]);
    clearTimeout(timer);
  }
}
