import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import {
  MODE_NEEDS,
  type ModeStatus,
  modeStatus,
  SERVER_MODES,
  type ServerMode,
  type SetupState,
} from "../setup";

const STATUS_TONES: Record<ModeStatus, BadgeTone | null> = {
  active: "success",
  leaving: "neutral",
  pending_restart: "warning",
  needs_public_url: "warning",
  available: null,
};

/** The four modes as radio cards: what each does, what it reads, and how it stands here. */
export function ModePicker({
  config,
  value,
  readOnly,
  onChange,
}: {
  config: SetupState;
  value: ServerMode;
  readOnly: boolean;
  onChange: (mode: ServerMode) => void;
}) {
  const { t } = useTranslation();
  const name = useId();
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-2 text-sm font-medium text-fg">{t("eventsub.setup.question")}</legend>
      <div className="grid gap-2 md:grid-cols-2">
        {SERVER_MODES.map((mode) => {
          const status = modeStatus(mode, config);
          const tone = STATUS_TONES[status];
          const checked = value === mode;
          return (
            <label
              key={mode}
              data-testid={`mode-${mode}`}
              data-status={status}
              className={cn(
                "flex gap-3 rounded-lg border p-3 text-sm",
                checked ? "border-brand-500 bg-brand-600/5" : "border-line",
                readOnly ? "cursor-default" : "cursor-pointer hover:bg-surface-muted",
                "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500",
              )}
            >
              <input
                type="radio"
                name={name}
                value={mode}
                checked={checked}
                disabled={readOnly && !checked}
                readOnly={readOnly}
                onChange={() => !readOnly && onChange(mode)}
                className="mt-1 accent-brand-600"
              />
              <span className="flex min-w-0 flex-col gap-1">
                <span className="flex flex-wrap items-center gap-2">
                  <span className="font-medium text-fg">{t(`eventsub.modes.${mode}.title`)}</span>
                  {tone && <Badge tone={tone}>{t(`eventsub.modeStatus.${status}`)}</Badge>}
                </span>
                <span className="text-fg-muted">{t(`eventsub.modes.${mode}.description`)}</span>
                <span className="flex flex-wrap items-center gap-1 text-xs text-fg-muted">
                  {MODE_NEEDS[mode].length === 0 ? (
                    t("eventsub.setup.needsNothing")
                  ) : (
                    <>
                      {t("eventsub.setup.needs")}
                      {MODE_NEEDS[mode].map((key) => (
                        <code key={key} className="rounded bg-surface-muted px-1 py-0.5">
                          {key}
                        </code>
                      ))}
                    </>
                  )}
                </span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
