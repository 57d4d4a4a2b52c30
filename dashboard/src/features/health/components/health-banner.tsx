import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { Alert } from "@/components/ui/alert";
import { healthQueryOptions } from "../api/get-health";
import { bannerTone, healthIssues } from "../health-issues";

/**
 * For the owner, on every page: what health says is failing (recordings are affected) or close to it (a
 * disk almost full), with a link to the checks. Shares the health poll with the home page's card.
 */
export function HealthBanner() {
  const { t } = useTranslation();
  const { data } = useQuery(healthQueryOptions);
  if (!data) return null;
  const issues = healthIssues(data);
  const tone = bannerTone(issues);
  if (!tone) return null;
  return (
    <Alert tone={tone} className="mb-6">
      <div data-testid="health-banner" data-status={data.status} className="flex flex-col gap-2">
        <p className="font-semibold">
          {t(tone === "danger" ? "health.banner.failing" : "health.banner.warning")}
        </p>
        <ul className="flex flex-col gap-1.5">
          {issues.map((issue) => (
            <li key={issue.check} data-check={issue.check}>
              <span className="font-medium">{t(issue.headlineKey)}</span>
              {issue.message && (
                <span lang="en" className="block text-xs text-fg-muted">
                  {issue.message}
                </span>
              )}
            </li>
          ))}
        </ul>
        <Link to="/system/health" className="self-start text-sm font-medium underline underline-offset-2">
          {t("health.banner.details")}
        </Link>
      </div>
    </Alert>
  );
}
