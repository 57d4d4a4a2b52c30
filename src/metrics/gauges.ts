import type { DeliveryCount, SubscriptionCount } from "../db/repos/metrics.repo.ts";
import { DELIVERY_STATUSES } from "../domain/webhooks.ts";
import type { FreeSpaceWatch } from "../system/disk-space-monitor.ts";
import { Counter, Gauge, type Registry } from "./exposition.ts";

/** The database's figures, read at most once per few seconds however often Prometheus scrapes. */
export interface StoredFigures {
  deliveries: DeliveryCount[];
  subscriptions: SubscriptionCount[];
}

/** Where the gauges read from at scrape time. */
export interface GaugeSources {
  activeRecordings: () => number;
  disk: Pick<FreeSpaceWatch, "current">;
  /** The last counts read; null when the database did not answer (those gauges are left out). */
  stored: () => StoredFigures | null;
  version: string;
  /** The process's CPU time (µs) and resident memory (bytes): `process` unless a test stands in. */
  host?: { cpuUsage(): { user: number; system: number }; rss(): number };
}

const DELIVERY_KINDS = ["recording_webhook", "notification"] as const;

/** Every kind and status, zero unless counted: a status that empties shows 0 instead of vanishing. */
export function deliveryRows(counts: readonly DeliveryCount[]): DeliveryCount[] {
  return DELIVERY_KINDS.flatMap((kind) =>
    DELIVERY_STATUSES.map((status) => ({
      kind,
      status,
      count: counts.find((c) => c.kind === kind && c.status === status)?.count ?? 0,
    })),
  );
}

const processHost = {
  cpuUsage: () => process.cpuUsage(),
  rss: () => process.memoryUsage.rss(),
};

/** Registers the gauges read when scraped: recordings running, the database's counts, disk, the process. */
export function registerGauges(registry: Registry, sources: GaugeSources): void {
  const registers = [registry];
  const host = sources.host ?? processHost;
  new Gauge({
    name: "replayd_build_info",
    help: "Always 1; the running version as a label.",
    labelNames: ["version"] as const,
    registers,
  }).set({ version: sources.version }, 1);
  new Gauge({
    name: "replayd_recordings_active",
    help: "Recordings running in this process now.",
    registers,
    collect() {
      this.set(sources.activeRecordings());
    },
  });
  registerStoredGauges(registers, sources.stored);
  registerDiskGauges(registers, sources.disk);
  new Counter({
    name: "replayd_process_cpu_seconds_total",
    help: "User and system CPU time spent by the replayd process.",
    registers,
    collect() {
      const { user, system } = host.cpuUsage();
      this.reset();
      this.inc((user + system) / 1e6);
    },
  });
  new Gauge({
    name: "replayd_process_resident_memory_bytes",
    help: "Resident memory of the replayd process.",
    registers,
    collect() {
      this.set(host.rss());
    },
  });
}

function registerStoredGauges(registers: Registry[], stored: GaugeSources["stored"]): void {
  new Gauge({
    name: "replayd_deliveries",
    help: "Outgoing deliveries in their outbox, by kind (recording_webhook, notification) and status.",
    labelNames: ["kind", "status"] as const,
    registers,
    collect() {
      const figures = stored();
      this.reset();
      if (!figures) return;
      for (const row of deliveryRows(figures.deliveries))
        this.set({ kind: row.kind, status: row.status }, row.count);
    },
  });
  const bySubscriptionStatus = (name: string, help: string, value: (row: SubscriptionCount) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["status"] as const,
      registers,
      collect() {
        const figures = stored();
        this.reset();
        for (const row of figures?.subscriptions ?? []) this.set({ status: row.status }, value(row));
      },
    });
  bySubscriptionStatus(
    "replayd_eventsub_subscriptions",
    "EventSub subscriptions (replayd's mirror of Twitch's, revoked ones left out), by status.",
    (row) => row.count,
  );
  bySubscriptionStatus(
    "replayd_eventsub_subscription_cost",
    "Summed cost of those EventSub subscriptions (Twitch's quota unit), by status.",
    (row) => row.cost,
  );
}

function registerDiskGauges(registers: Registry[], disk: GaugeSources["disk"]): void {
  const figures = [
    [
      "replayd_disk_free_bytes",
      "Free bytes on the data folder's disk (as the free-space monitor last saw).",
      "freeBytes",
    ],
    ["replayd_disk_total_bytes", "Size of the data folder's disk.", "totalBytes"],
    [
      "replayd_disk_floor_bytes",
      "Free space under which recordings pause (the configured floor).",
      "floorBytes",
    ],
  ] as const;
  for (const [name, help, key] of figures) {
    new Gauge({
      name,
      help,
      registers,
      collect() {
        const value = disk.current()[key];
        // Unknown (the last sample failed): no value rather than a false zero.
        this.reset();
        if (value !== null) this.set(value);
      },
    });
  }
}
