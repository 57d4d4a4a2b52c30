import { describe, expect, test } from "bun:test";
import i18next from "i18next";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import en from "../../../locales/en.json";
import fr from "../../../locales/fr.json";
import { type CategoryDetails, CategoryFacts } from "./category-facts";

async function render(category: CategoryDetails, language: "en" | "fr" = "en"): Promise<string> {
  const i18n = i18next.createInstance();
  await i18n.use(initReactI18next).init({
    lng: language,
    resources: { en: { translation: en }, fr: { translation: fr } },
    interpolation: { escapeValue: false },
  });
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <CategoryFacts category={category} />
    </I18nextProvider>,
  );
}

/** The markup as a reader sees it: text only, one space between pieces. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim();

const minecraft: CategoryDetails = {
  description: "Gather blocks, build anything, and survive the night.",
  genres: ["Simulator", "Adventure"],
  release_year: 2011,
};

describe("a category's IGDB facts", () => {
  test("year, each genre, the description and the source, in English", async () => {
    const html = await render(minecraft);
    expect(text(html)).toBe(
      "Released in 2011 Simulator Adventure Gather blocks, build anything, and survive the night. Description, genres and year from IGDB",
    );
    expect(html).toContain('aria-label="About the game"');
    expect(html).toContain('<ul aria-label="Genres"');
    expect(html.match(/<li>/g)).toHaveLength(2);
  });

  test("in French", async () => {
    const html = await render(minecraft, "fr");
    expect(text(html)).toBe(
      "Sorti en 2011 Simulator Adventure Gather blocks, build anything, and survive the night. Description, genres et année issus d’IGDB",
    );
    expect(html).toContain('aria-label="À propos du jeu"');
  });

  test("only what IGDB gave: a description alone, or genres without a year", async () => {
    expect(text(await render({ description: "A quiet game.", genres: [], release_year: null }))).toBe(
      "A quiet game. Description, genres and year from IGDB",
    );
    const html = await render({ description: null, genres: ["Puzzle"], release_year: null });
    expect(text(html)).toBe("Puzzle Description, genres and year from IGDB");
    expect(html).not.toContain("Released");
  });

  test("nothing at all for a category IGDB knows nothing of", async () => {
    expect(await render({ description: null, genres: [], release_year: null })).toBe("");
  });
});
