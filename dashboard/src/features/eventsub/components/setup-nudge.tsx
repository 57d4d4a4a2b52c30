import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc";

/** For the owner: live detection is not set up yet, or a saved mode waits for a restart. */
export function SetupNudge() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const config = useQuery(trpc.eventsub.config.queryOptions());
  if (!config.data) return null;
  if (config.data.setup_required) {
    return (
      <Alert tone="warning">
        <p className="font-medium">{t("setup.title")}</p>
        <p className="mt-1 text-fg-muted">{t("setup.description")}</p>
        <ConfigureLink />
      </Alert>
    );
  }
  if (config.data.restart_required) {
    return (
      <Alert tone="warning">
        <p className="font-medium">{t("setup.restartTitle")}</p>
        <p className="mt-1 text-fg-muted">{t("setup.restartDescription")}</p>
        <ConfigureLink />
      </Alert>
    );
  }
  return null;
}

function ConfigureLink() {
  const { t } = useTranslation();
  return (
    <Link
      to="/system/eventsub"
      className={buttonClasses("secondary", "sm", "mt-3")}
      data-testid="setup-configure"
    >
      {t("eventsub.nudge.configure")}
    </Link>
  );
}
