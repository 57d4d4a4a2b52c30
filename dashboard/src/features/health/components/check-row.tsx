import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ProgressBar } from "@/components/ui/progress";
import { formatBytes } from "@/lib/format";
import type { RouterOutputs } from "@/lib/trpc";
import type { CheckName } from "../api/get-health";
import { type CheckState, checkState, usedPercent } from "../health-issues";
import { StatusPill, type StatusTone } from "./status-pill";

type Report = RouterOutputs["system"]["health"];
const stateTone: Record<CheckState, StatusTone> = { ok: "success", warning: "warning", failing: "danger" };

type AnyCheck = NonNullable<Report["checks"][CheckName]>;

/** One check: its state, the server's words when it is not ok, and its facts. */
export function CheckRow({ name, check }: { name: CheckName; check: AnyCheck }) {
  const { t } = useTranslation();
  const level = "level" in check ? check.level : undefined;
  const state = checkState({ ok: check.ok, level });
  const text = check.detail ?? check.message;
  return (
    <li data-check={name} data-state={state} className="flex flex-col gap-2 px-4 py-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-sm font-medium text-fg">{t(`health.checks.${name}.label`)}</span>
        <StatusPill tone={stateTone[state]}>{t(`health.state.${state}`)}</StatusPill>
      </div>
      {/* The server's words (English): they name the setting and, here, the path to fix. */}
      {text && state !== "ok" && (
        <p lang="en" className="text-sm text-fg">
          {text}
        </p>
      )}
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs text-fg-muted">
        {"version" in check && check.version && (
          <Fact label={t("health.facts.version")}>{check.version}</Fact>
        )}
        {"path" in check && <Fact label={t("health.facts.path")}>{check.path}</Fact>}
        {"free_bytes" in check && <DiskFacts check={check} />}
      </dl>
    </li>
  );
}

function DiskFacts({ check }: { check: Extract<AnyCheck, { free_bytes: unknown }> }) {
  const { t, i18n } = useTranslation();
  const used = usedPercent(check.free_bytes, check.total_bytes);
  return (
    <>
      {check.free_bytes !== null && check.total_bytes !== null && (
        <Fact label={t("health.facts.free")}>
          {t("health.facts.freeOf", {
            free: formatBytes(check.free_bytes, i18n.language),
            total: formatBytes(check.total_bytes, i18n.language),
          })}
        </Fact>
      )}
      {check.floor_bytes !== null && (
        <Fact label={t("health.facts.floor")}>
          {check.floor_bytes === 0
            ? t("health.facts.noFloor")
            : formatBytes(check.floor_bytes, i18n.language)}
        </Fact>
      )}
      {check.warn_bytes !== null && check.warn_bytes > 0 && (
        <Fact label={t("health.facts.warn")}>{formatBytes(check.warn_bytes, i18n.language)}</Fact>
      )}
      {used !== null && (
        <div className="col-span-2 mt-1 max-w-md">
          <ProgressBar value={used} label={t("health.facts.used", { percent: used })} />
        </div>
      )}
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className="min-w-0 break-all font-mono text-fg">{children}</dd>
    </>
  );
}
