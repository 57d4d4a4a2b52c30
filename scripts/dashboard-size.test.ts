import { expect, test } from "bun:test";
import { homeInitialFiles, type Manifest } from "./dashboard-size.ts";

const manifest: Manifest = {
  "index.html": {
    file: "assets/index.js",
    isEntry: true,
    imports: ["_shared.js"],
    dynamicImports: [
      "src/routes/_app/index.tsx?tsr-split=component",
      "src/routes/_app/videos.tsx?tsr-split=component",
    ],
  },
  "_shared.js": { file: "assets/shared.js" },
  "_player.js": { file: "assets/player.js" },
  "src/routes/_app.tsx?tsr-split=component": { file: "assets/layout.js", imports: ["_shared.js"] },
  "src/routes/_app/index.tsx?tsr-split=component": {
    file: "assets/home.js",
    imports: ["_cards.js", "index.html"],
  },
  "_cards.js": { file: "assets/cards.js" },
  "src/routes/_app/videos.tsx?tsr-split=component": { file: "assets/videos.js", imports: ["_player.js"] },
  "style.css": { file: "assets/style.css" },
};

test("the home page loads the entry, the layout and home routes and their imports, not other routes", () => {
  expect(homeInitialFiles(manifest).sort()).toEqual(
    ["assets/cards.js", "assets/home.js", "assets/index.js", "assets/layout.js", "assets/shared.js"].sort(),
  );
});

test("a manifest without an entry is an error", () => {
  expect(() => homeInitialFiles({ a: { file: "a.js" } })).toThrow("no entry");
});
