import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { buttonClasses } from "./ui/button";

/** A page the app cannot show, inside the layout: the HTTP code, what happened, and the way home. */
export function ErrorPage({
  code,
  title,
  description,
  testId,
}: {
  code: 403 | 404;
  title: string;
  description: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <div data-testid={testId} className="mx-auto max-w-md px-4 py-16 text-center">
      <p className="text-sm font-semibold text-brand-600">{code}</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-fg">{title}</h1>
      <p className="mt-2 text-fg-muted">{description}</p>
      <Link to="/" className={buttonClasses("primary", "md", "mt-6")}>
        {t("notFound.backHome")}
      </Link>
    </div>
  );
}
