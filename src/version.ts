import pkg from "../package.json" with { type: "json" };

/** The release version, compiled in from package.json. */
export const VERSION: string = pkg.version;
