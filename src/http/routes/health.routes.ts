import { Hono } from "hono";
import { VERSION } from "../../version.ts";

export interface HealthDeps {
  /** Resolves when the database answers. */
  pingDatabase(): Promise<void>;
}

/** `GET /api/v1/health`: public, for load balancers, container health checks and the dashboard. */
export function healthRoutes(deps: HealthDeps): Hono {
  return new Hono().get("/health", async (c) => {
    c.header("Cache-Control", "no-store");
    try {
      await deps.pingDatabase();
      return c.json({ status: "ok", version: VERSION, database: "ok" });
    } catch {
      return c.json({ status: "unhealthy", version: VERSION, database: "error" }, 503);
    }
  });
}
