import { Hono } from "hono";
import { databaseOnlyHealth, type HealthSource } from "../../system/health-checks.ts";
import { publicHealth } from "../../system/health-report.ts";
import { VERSION } from "../../version.ts";

export interface HealthDeps {
  /** Resolves when the database answers. */
  pingDatabase(): Promise<void>;
  /** The whole report (src/system: tools, data folder, free space, database); without it, the database alone. */
  health?: HealthSource;
}

/**
 * `GET /api/v1/health`: public, for load balancers, container health checks and the dashboard. 200 for
 * ok and degraded (the server runs; something it needs is missing), 503 when the database does not
 * answer. The public view has no paths: the owner reads those through `system.health`.
 */
export function healthRoutes(deps: HealthDeps): Hono {
  const source = deps.health ?? databaseOnlyHealth(VERSION, deps.pingDatabase);
  return new Hono().get("/health", async (c) => {
    c.header("Cache-Control", "no-store");
    const report = await source.report();
    return c.json(publicHealth(report), report.status === "unhealthy" ? 503 : 200);
  });
}
