import { loadDashboardAssets } from "./dashboard-assets.macro.ts" with { type: "macro" };

/** The dashboard build, inlined at bundle time (empty when it was not built). */
export const EMBEDDED_DASHBOARD = loadDashboardAssets();
