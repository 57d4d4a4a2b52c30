import { Menu } from "@base-ui/react/menu";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useSession, useSignOut } from "@/features/auth/use-session";
import { useSaveLanguage } from "@/features/settings/api/use-save-language";
import { isSupportedLanguage, supportedLanguages } from "@/lib/i18n";
import { useTheme } from "@/lib/theme";

const itemClasses =
  "flex cursor-default items-center gap-2 rounded px-3 py-2 text-sm text-fg outline-none data-highlighted:bg-surface-muted";

/** Avatar menu: who is signed in, account pages, theme, language and sign-out; fully keyboard-driven (Base UI Menu). */
export function UserMenu() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const { theme, toggle } = useTheme();
  const signOut = useSignOut();
  const language = useSaveLanguage();

  return (
    <Menu.Root>
      <Menu.Trigger
        aria-label={t("userMenu.open", { name: session.display_name })}
        className="flex items-center gap-2 rounded-full p-0.5 hover:bg-surface-muted"
      >
        {session.profile_image_url ? (
          <img src={session.profile_image_url} alt="" className="size-8 rounded-full" />
        ) : (
          <span className="flex size-8 items-center justify-center rounded-full bg-brand-600 text-sm font-semibold text-white">
            {session.display_name.slice(0, 1).toUpperCase()}
          </span>
        )}
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Positioner sideOffset={6} align="end" className="z-50">
          <Menu.Popup className="min-w-56 rounded-lg border border-line bg-surface p-1 shadow-lg">
            <div className="px-3 py-2">
              <p className="text-sm font-medium text-fg">{session.display_name}</p>
              <p className="text-xs text-fg-muted">
                @{session.login} · {t(`roles.${session.role}`)}
              </p>
            </div>
            <Menu.Separator className="my-1 h-px bg-line" />
            <Menu.LinkItem className={itemClasses} closeOnClick render={<Link to="/settings" />}>
              {t("settings.title")}
            </Menu.LinkItem>
            <Menu.LinkItem className={itemClasses} closeOnClick render={<Link to="/sessions" />}>
              {t("sessions.title")}
            </Menu.LinkItem>
            <Menu.LinkItem className={itemClasses} closeOnClick render={<Link to="/tokens" />}>
              {t("tokens.title")}
            </Menu.LinkItem>
            <Menu.Separator className="my-1 h-px bg-line" />
            <Menu.Item className={itemClasses} onClick={toggle} closeOnClick={false}>
              {theme === "dark" ? t("userMenu.lightTheme") : t("userMenu.darkTheme")}
            </Menu.Item>
            <Menu.Separator className="my-1 h-px bg-line" />
            <Menu.Group>
              <Menu.GroupLabel className="px-3 pt-1 pb-0.5 text-xs text-fg-muted">
                {t("userMenu.language")}
              </Menu.GroupLabel>
              <Menu.RadioGroup
                value={i18n.resolvedLanguage}
                onValueChange={(value: string) => isSupportedLanguage(value) && language.save(value)}
              >
                {supportedLanguages.map((language) => (
                  <Menu.RadioItem
                    key={language}
                    value={language}
                    className={itemClasses}
                    closeOnClick={false}
                  >
                    <Menu.RadioItemIndicator className="w-3">✓</Menu.RadioItemIndicator>
                    <span lang={language}>{t(`languages.${language}`)}</span>
                  </Menu.RadioItem>
                ))}
              </Menu.RadioGroup>
            </Menu.Group>
            <Menu.Separator className="my-1 h-px bg-line" />
            <Menu.Item className={itemClasses} onClick={() => void signOut()}>
              {t("userMenu.signOut")}
            </Menu.Item>
          </Menu.Popup>
        </Menu.Positioner>
      </Menu.Portal>
    </Menu.Root>
  );
}
