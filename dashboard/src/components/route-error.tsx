import { type ErrorComponentProps, useRouter } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";

/** Last line of defence when a route throws: say so plainly and offer a retry instead of a blank page. */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  const router = useRouter();

  const message = error instanceof Error ? error.message : String(error);

  const retry = () => {
    reset();
    void router.invalidate();
  };

  return (
    <div role="alert" className="mx-auto max-w-md py-16 text-center">
      <h1 className="text-2xl font-semibold tracking-tight text-fg">{t("error.title")}</h1>
      <p className="mt-2 font-mono text-sm break-words text-fg-muted">{message}</p>
      <Button variant="primary" className="mt-6" onClick={retry}>
        {t("error.retry")}
      </Button>
    </div>
  );
}
