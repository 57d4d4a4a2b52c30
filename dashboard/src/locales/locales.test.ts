import { expect, test } from "bun:test";
import en from "./en.json";
import fr from "./fr.json";

type Leaf = { path: string; value: unknown };

/** Flattens nested translations into dotted paths ("health.labels.status") with their values. */
function flatten(node: unknown, prefix = ""): Leaf[] {
  if (node === null || typeof node !== "object" || Array.isArray(node))
    return [{ path: prefix, value: node }];
  return Object.entries(node).flatMap(([key, child]) => flatten(child, prefix ? `${prefix}.${key}` : key));
}

/** `{{seconds}}`-style interpolation variables, so a translation cannot silently drop or rename one. */
function placeholders(value: unknown): string[] {
  return typeof value === "string"
    ? [...value.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? "").sort()
    : [];
}

const locales = { en: flatten(en), fr: flatten(fr) };
const paths = (leaves: Leaf[]) => leaves.map((leaf) => leaf.path).sort();

test("English and French define exactly the same keys", () => {
  expect(paths(locales.fr)).toEqual(paths(locales.en));
});

test.each(Object.entries(locales))("every %s value is a non-empty string", (_language, leaves) => {
  const invalid = leaves.filter(({ value }) => typeof value !== "string" || value.trim() === "");
  expect(invalid).toEqual([]);
});

test("translations keep the same interpolation placeholders", () => {
  const english = new Map(locales.en.map((leaf) => [leaf.path, placeholders(leaf.value)]));
  for (const { path, value } of locales.fr) {
    expect({ path, placeholders: placeholders(value) }).toEqual({
      path,
      placeholders: english.get(path) ?? [],
    });
  }
});
