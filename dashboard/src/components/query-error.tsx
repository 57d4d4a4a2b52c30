import { useTranslation } from "react-i18next";
import { Alert } from "./ui/alert";
import { Button } from "./ui/button";

/** A failed query, said plainly, with a retry. */
export function QueryError({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert tone="danger" className="flex flex-wrap items-center justify-between gap-2">
      <span>
        {t("error.loadFailed")}{" "}
        <span className="font-mono text-xs">{error instanceof Error ? error.message : String(error)}</span>
      </span>
      {retry && (
        <Button size="sm" onClick={() => retry()}>
          {t("error.retry")}
        </Button>
      )}
    </Alert>
  );
}
