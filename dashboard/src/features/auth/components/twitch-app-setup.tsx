import { useTranslation } from "react-i18next";
import { CopyButton } from "@/components/copy-button";
import { SIGN_IN_CALLBACK_PATH } from "@/lib/media-urls";

const TWITCH_CONSOLE = "https://dev.twitch.tv/console/apps";

/**
 * In place of the sign-in button while the server has no Twitch application: the three settings to make
 * (the redirect URL registered at Twitch, then the client id and secret), and the demo for a look around.
 * The redirect URL is this page's own address, as the server builds it when PUBLIC_BASE_URL is not set.
 */
export function TwitchAppSetup() {
  const { t } = useTranslation();
  const callback = `${window.location.origin}${SIGN_IN_CALLBACK_PATH}`;
  return (
    <section data-testid="twitch-app-setup" aria-labelledby="twitch-app-setup-title" className="mt-6 text-sm">
      <h2 id="twitch-app-setup-title" className="text-base font-semibold text-fg">
        {t("signIn.setup.title")}
      </h2>
      <p className="mt-2 text-fg-muted">{t("signIn.setup.intro")}</p>
      <ol className="mt-3 flex list-decimal flex-col gap-3 pl-5 text-fg">
        <li>
          {t("signIn.setup.redirect")}
          <code
            data-testid="twitch-app-redirect-url"
            className="mt-1 block rounded-md bg-surface-muted px-2 py-1 text-xs break-all"
          >
            {callback}
          </code>
          <span className="mt-2 flex flex-wrap items-center gap-2">
            <CopyButton text={callback} label={t("signIn.setup.copy")} />
            <a
              href={TWITCH_CONSOLE}
              target="_blank"
              rel="noreferrer"
              className="text-brand-600 underline underline-offset-2"
            >
              {t("signIn.setup.console")}
            </a>
          </span>
        </li>
        <li>
          <code className="text-xs">TWITCH_CLIENT_ID</code>
          {t("signIn.setup.clientId")}
        </li>
        <li>
          <code className="text-xs">TWITCH_CLIENT_SECRET</code>
          {t("signIn.setup.clientSecret")}
        </li>
      </ol>
      <p className="mt-3 text-fg-muted">{t("signIn.setup.elsewhere")}</p>
      <p className="mt-2 text-fg-muted">{t("signIn.setup.readme")}</p>
      <p className="mt-4 border-t border-line pt-4 text-fg-muted">
        {t("signIn.setup.demo")} <code className="text-xs">npm run demo</code> {t("signIn.setup.or")}{" "}
        <code className="text-xs">replayd demo</code>
      </p>
    </section>
  );
}
