import { expect, test } from "bun:test";
import { join } from "node:path";
import { parseFinalStage } from "../../scripts/image/dockerfile.ts";
import { loadConfig } from "../../src/config/load.ts";

// compose.yaml runs the image docker/Dockerfile builds: both are read here and must agree on the port, the
// data volume, the user and the health check, so an edit to one cannot leave the other behind.

const ROOT = join(import.meta.dir, "..", "..");
const image = parseFinalStage(await Bun.file(join(ROOT, "docker", "Dockerfile")).text());

interface Service {
  build?: { context: string; dockerfile: string };
  ports?: string[];
  volumes?: string[];
  user?: string;
  environment?: Record<string, string>;
  profiles?: string[];
  healthcheck?: { test: string[]; interval: string; timeout: string; start_period: string; retries: number };
  stop_grace_period?: string;
  depends_on?: Record<string, { condition: string; required: boolean }>;
}
const compose = Bun.YAML.parse(await Bun.file(join(ROOT, "compose.yaml")).text()) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const replayd = compose.services.replayd as Service;
const seconds = (s: string | undefined) => Number(/^(\d+)s$/.exec(s ?? "")?.[1]);
const option = (name: string) =>
  image.healthcheck?.options.find((o) => o.startsWith(`--${name}=`))?.split("=")[1];

test("compose builds the Dockerfile and publishes the port the image listens on", () => {
  expect(replayd.build).toEqual({ context: ".", dockerfile: "docker/Dockerfile" });
  expect(image.expose).toEqual([image.env.PORT as string]);
  expect(replayd.ports).toEqual([`${image.env.PORT}:${image.env.PORT}`]);
});

test("the data volume is mounted where the image keeps its data", () => {
  expect(image.volumes).toEqual([image.env.DATA_DIR as string]);
  const [named, path] = (replayd.volumes?.[0] ?? "").split(":");
  expect(path).toBe(image.env.DATA_DIR);
  expect(Object.keys(compose.volumes)).toContain(named as string);
});

test("the same non-root user", () => {
  expect(image.user).toBe("65532:65532");
  expect(replayd.user).toBe(image.user as string);
});

test("the same health check, by replayd healthcheck (a scratch image has no curl)", () => {
  expect(image.healthcheck?.cmd).toEqual(["/replayd", "healthcheck"]);
  expect(replayd.healthcheck?.test).toEqual(["CMD", ...(image.healthcheck?.cmd ?? [])]);
  expect(replayd.healthcheck?.interval).toBe(option("interval"));
  expect(replayd.healthcheck?.timeout).toBe(option("timeout"));
  expect(replayd.healthcheck?.start_period).toBe(option("start-period"));
  expect(replayd.healthcheck?.retries).toBe(Number(option("retries")));
});

test("a stop gives the server its whole shutdown budget", () => {
  const budget = loadConfig({ cwd: ROOT, env: {} }).server.shutdown_timeout_seconds;
  expect(seconds(replayd.stop_grace_period)).toBeGreaterThan(budget);
});

test("SQLite by default; the postgres profile brings its service, its volume and the URL to it", async () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: compose's own variable syntax, not a template
  expect(replayd.environment?.DATABASE_URL).toBe("${DATABASE_URL:-}");
  const postgres = compose.services.postgres as Service;
  expect(postgres.profiles).toEqual(["postgres"]);
  expect(postgres.volumes?.[0]).toMatch(/^postgres-data:/);
  expect(Object.keys(compose.volumes)).toContain("postgres-data");
  expect(replayd.depends_on?.postgres).toEqual({ condition: "service_healthy", required: false });
  // The URL the file's header gives matches the service's credentials and database.
  const env = postgres.environment ?? {};
  const header = (await Bun.file(join(ROOT, "compose.yaml")).text()).match(
    /DATABASE_URL=(postgres:\/\/\S+)/,
  )?.[1];
  expect(header).toBe(
    `postgres://${env.POSTGRES_USER}:${env.POSTGRES_PASSWORD}@postgres:5432/${env.POSTGRES_DB}`,
  );
});
