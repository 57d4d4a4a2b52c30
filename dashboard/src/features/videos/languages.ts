// The library's language filter: the languages recorded, named in the page's language.

/** The languages to offer: the recorded ones, plus the one in the URL if the library no longer has it. */
export function withCurrent(languages: readonly string[], current: string | undefined): readonly string[] {
  return current && !languages.includes(current) ? [current, ...languages] : languages;
}

/** "fr" → "French (fr)" in the page's language (the code alone when the browser does not know it). */
export function languageName(code: string, locale: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: "language" }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}
