import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "../locales/en.json";
import fr from "../locales/fr.json";

export const supportedLanguages = ["en", "fr"] as const;
export type SupportedLanguage = (typeof supportedLanguages)[number];

const fallbackLanguage: SupportedLanguage = "en";
const LANGUAGE_STORAGE_KEY = "replayd:language";

// English is the source of truth: typing `t()` against it makes a missing or misspelled key a compile error.
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof en };
  }
}

export function isSupportedLanguage(language: string): language is SupportedLanguage {
  return (supportedLanguages as readonly string[]).includes(language);
}

/** Picks the first browser language we have a translation for ("fr-CA" counts as "fr"). */
export function detectBrowserLanguage(browserLanguages: readonly string[]): SupportedLanguage {
  for (const tag of browserLanguages) {
    const base = tag.toLowerCase().split("-")[0] ?? "";
    if (isSupportedLanguage(base)) return base;
  }
  return fallbackLanguage;
}

function storedLanguage(): SupportedLanguage | null {
  try {
    const stored = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return stored && isSupportedLanguage(stored) ? stored : null;
  } catch {
    return null;
  }
}

/** Switches the UI language and remembers it for the next visit. */
export function setLanguage(language: SupportedLanguage): void {
  void i18n.changeLanguage(language);
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Storage disabled: the choice lasts for this page only.
  }
}

/**
 * Applies the language saved to the account (it follows the user to every browser); null means none was
 * chosen, so this browser's stays.
 */
export function followAccountLanguage(language: string | null): void {
  if (language && isSupportedLanguage(language) && language !== i18n.language) setLanguage(language);
}

i18n.on("languageChanged", (language) => {
  // Keeps screen readers and the browser's hyphenation in sync with the UI language.
  document.documentElement.lang = language;
});

// Resources are bundled, so initialisation completes synchronously before the first render.
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, fr: { translation: fr } },
  lng: storedLanguage() ?? detectBrowserLanguage(navigator.languages),
  fallbackLng: fallbackLanguage,
  supportedLngs: supportedLanguages,
  interpolation: { escapeValue: false }, // React already escapes rendered strings.
});

export { i18n };
