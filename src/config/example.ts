import { readExampleConfig } from "./example.macro.ts" with { type: "macro" };

/** config.example.toml as shipped: every setting, its default and the variable that overrides it. */
export const EXAMPLE_CONFIG: string = readExampleConfig();
