export { ensureDataDir, fsReason } from "./data-dir.ts";
export { ConfigError, type LoadOptions, loadConfig, type ResolvedConfig } from "./load.ts";
export { logFile, logRotation } from "./log-file.ts";
export { configSummary, redactConfig } from "./redact.ts";
export type { Config } from "./schema.ts";
export { resolveSessionSecret } from "./session-secret.ts";
