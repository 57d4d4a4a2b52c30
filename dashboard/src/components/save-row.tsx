import { useTranslation } from "react-i18next";
import { Alert } from "./ui/alert";
import { Button } from "./ui/button";

/** A settings form's end: the save's error, "Saved." once it went through, and the Save button. */
export function SaveRow({
  saved,
  pending,
  error,
}: {
  saved: boolean;
  pending: boolean;
  error: { message: string } | null;
}) {
  const { t } = useTranslation();
  return (
    <>
      {error && <Alert tone="danger">{error.message}</Alert>}
      <div className="flex flex-wrap items-center justify-end gap-3">
        {saved && (
          <span role="status" className="text-sm text-success">
            {t("common.saved")}
          </span>
        )}
        <Button type="submit" variant="primary" disabled={pending}>
          {t("common.save")}
        </Button>
      </div>
    </>
  );
}
