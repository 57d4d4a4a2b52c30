import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "../locales/en.json";
import fr from "../locales/fr.json";

export const supportedLanguages = ["en", "fr"] as const;
export type SupportedLanguage = (typeof supportedLanguages)[number];

const fallbackLanguage: SupportedLanguage = "en";

// English is the source of truth: typing `t()` against it makes a missing or misspelled key a compile error.
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof en };
  }
}

function isSupportedLanguage(language: string): language is SupportedLanguage {
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

i18n.on("languageChanged", (language) => {
  // Keeps screen readers and the browser's hyphenation in sync with the UI language.
  document.documentElement.lang = language;
});

// Resources are bundled, so initialisation completes synchronously before the first render.
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, fr: { translation: fr } },
  lng: detectBrowserLanguage(navigator.languages),
  fallbackLng: fallbackLanguage,
  supportedLngs: supportedLanguages,
  interpolation: { escapeValue: false }, // React already escapes rendered strings.
});

export { i18n };
