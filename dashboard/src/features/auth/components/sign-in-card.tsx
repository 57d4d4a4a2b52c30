import { useTranslation } from "react-i18next";
import { Wordmark } from "@/components/layout/app-shell";
import { ThemeToggle } from "@/components/layout/theme-toggle";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { SIGN_IN_URL } from "@/lib/media-urls";
import { signInErrorKind, TWITCH_APP_MISSING } from "../sign-in-errors";
import { TwitchAppSetup } from "./twitch-app-setup";

/**
 * The sign-in page body: one Twitch button (a full-page navigation to the server's OAuth flow), or, while
 * the server has no Twitch application (`appMissing`, or the sign-in route said so), what to set up.
 */
export function SignInCard({
  error,
  appMissing = false,
}: {
  error?: string | undefined;
  appMissing?: boolean;
}) {
  const { t } = useTranslation();
  const setup = appMissing || error === TWITCH_APP_MISSING;
  const kind = error && error !== TWITCH_APP_MISSING ? signInErrorKind(error) : null;
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 py-10">
      <div className="absolute top-3 right-3">
        <ThemeToggle />
      </div>
      <main
        className={`w-full ${setup ? "max-w-lg" : "max-w-sm"} rounded-2xl border border-line bg-surface p-6 shadow-sm`}
      >
        <Wordmark />
        <h1 className="mt-6 text-2xl font-semibold tracking-tight text-fg">{t("signIn.title")}</h1>
        <p className="mt-1 text-sm text-fg-muted">{t("signIn.description")}</p>
        {kind && error && (
          <Alert tone="danger" className="mt-4">
            {kind === "other" ? t("signIn.errors.other", { code: error }) : t(`signIn.errors.${kind}`)}
          </Alert>
        )}
        {setup ? (
          <TwitchAppSetup />
        ) : (
          <a href={SIGN_IN_URL} className={buttonClasses("primary", "md", "mt-6 w-full justify-center")}>
            <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5" fill="currentColor">
              <path d="M4 2 2.5 6v14h5v3h3l3-3h4l5-5V2zm16 12-3 3h-5l-3 3v-3H5V4h15zM15 7h2v6h-2zm-5 0h2v6h-2z" />
            </svg>
            {t("signIn.withTwitch")}
          </a>
        )}
      </main>
    </div>
  );
}
