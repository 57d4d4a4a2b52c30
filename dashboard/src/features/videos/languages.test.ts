import { expect, test } from "bun:test";
import { languageName, withCurrent } from "./languages";

test.each([
  ["fr", "en", "French (fr)"],
  ["en", "fr", "anglais (en)"],
  ["pt-BR", "en", "Brazilian Portuguese (pt-BR)"],
  ["zz", "en", "zz"],
])("%s in %s reads %p", (code, locale, name) => {
  expect(languageName(code, locale)).toBe(name);
});

test("the language in the URL stays offered when the library no longer has it", () => {
  expect(withCurrent(["en", "fr"], "de")).toEqual(["de", "en", "fr"]);
  expect(withCurrent(["en", "fr"], "fr")).toEqual(["en", "fr"]);
  expect(withCurrent(["en"], undefined)).toEqual(["en"]);
});
