import { useTranslation } from "react-i18next";
import { Alert } from "@/components/ui/alert";
import type { RouterOutputs } from "@/lib/trpc";

type Config = RouterOutputs["eventsub"]["config"];

/** Above the mode picker: a saved mode waiting for a restart, or the environment deciding the mode. */
export function SetupNotices({ config }: { config: Config }) {
  const { t } = useTranslation();
  return (
    <>
      {config.restart_required && !config.setup_required && (
        <Alert tone="warning">
          {t("eventsub.setup.restartBanner", {
            mode: config.mode ? t(`eventsub.modes.${config.mode}.title`) : "–",
            active: config.active.mode
              ? t(`eventsub.modes.${config.active.mode}.title`)
              : t("eventsub.setup.none"),
          })}
        </Alert>
      )}
      {config.env_managed && (
        <Alert tone="info">{t("eventsub.setup.envManaged", { mode: config.mode ?? "" })}</Alert>
      )}
    </>
  );
}
