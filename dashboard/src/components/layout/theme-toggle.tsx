import { useTranslation } from "react-i18next";
import { useTheme } from "@/lib/theme";
import { MoonIcon, SunIcon } from "../icons";
import { Button } from "../ui/button";

export function ThemeToggle() {
  const { t } = useTranslation();
  const { theme, toggle } = useTheme();
  const label = theme === "dark" ? t("userMenu.lightTheme") : t("userMenu.darkTheme");
  return (
    <Button variant="ghost" size="icon" aria-label={label} title={label} onClick={toggle}>
      {theme === "dark" ? <SunIcon /> : <MoonIcon />}
    </Button>
  );
}
