import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { AnyProcedure } from "@trpc/server";
import { type ZodType, z } from "zod";
import { startSimulator } from "../../src/sim/server.ts";
import { appRouter } from "../../src/trpc/router.ts";
import { quiet } from "../support/recorder.ts";
import { CookieJar, signIn, startReplayd, trpc } from "../support/sign-in.ts";

// Acceptance 3 of the API: malformed input to every procedure is a 400 that names the field, never a 500
// (and a lone surrogate in any string is never a 500: `eventsub.unsubscribe {"id":"\ud800"}` was one).
// The cases are generated from each procedure's own zod input (as JSON Schema): for every property a wrong
// type, an oversized value, a bogus cursor; for the whole input an unknown field and a non-object.

interface Def {
  type: "query" | "mutation" | "subscription";
  inputs: ZodType[];
}
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  maxLength?: number;
  maximum?: number;
}

const procedures = Object.entries(
  (appRouter as unknown as { _def: { procedures: Record<string, AnyProcedure> } })._def.procedures,
)
  .map(([path, p]) => ({ path, def: (p as unknown as { _def: Def })._def }))
  .filter(({ def }) => def.type !== "subscription" && def.inputs.length > 0);

/** The properties of a procedure's input, with their JSON Schema. */
function propertiesOf(schema: ZodType): Record<string, JsonSchema> {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const object = json.properties ? json : (json.anyOf ?? []).find((s) => s.properties);
  return object?.properties ?? {};
}

const types = (s: JsonSchema): string[] =>
  [s.type, ...(s.anyOf ?? []).map((a) => a.type)].flat().filter((t): t is string => typeof t === "string");

/** A value of the wrong type for this property. */
function wrongType(s: JsonSchema): unknown {
  const t = types(s);
  if (t.includes("string") || t.includes("object") || t.includes("array")) return 12345;
  return "not-a-number-or-boolean";
}

/** A value past the property's bounds, when it has any. */
function oversized(s: JsonSchema): unknown | undefined {
  const t = types(s);
  if (t.includes("string")) return "x".repeat(Math.max(s.maxLength ?? 0, 1000) + 1);
  if (t.includes("integer") || t.includes("number"))
    return s.maximum !== undefined ? s.maximum * 10 + 1 : 1e300;
  if (t.includes("array")) return Array.from({ length: 5000 }, () => "1");
  return undefined;
}

const sim = startSimulator({ log: quiet, port: 0, seed: 12 });
let app: Awaited<ReturnType<typeof startReplayd>>;
let token = "";
const jar = new CookieJar();
/** A token cannot mint tokens: these are called with the browser session. */
const SESSION_ONLY = new Set(["auth.createApiToken"]);
beforeAll(async () => {
  app = await startReplayd(sim.url);
  await signIn(app.url, jar, "sim_viewer");
  const { body } = await trpc(app.url, "auth.createApiToken", {
    jar,
    mutation: true,
    input: { name: "malformed", scope: "full" },
    headers: { Origin: app.url },
  });
  token = (body.result?.data as { token?: string } | undefined)?.token ?? "";
});
afterAll(async () => {
  await app.stop();
  await sim.stop();
});

async function send(path: string, type: Def["type"], input: unknown) {
  const mutation = type === "mutation";
  if (SESSION_ONLY.has(path))
    return trpc(app.url, path, { input, mutation, jar, headers: { Origin: app.url } });
  return trpc(app.url, path, { input, mutation, headers: { Authorization: `Bearer ${token}` } });
}

interface Case {
  name: string;
  input: unknown;
  /** The field the 400 must name (null: any message). */
  field: string | null;
  /** Taken or refused alike, but never a 5xx. */
  anyButServerError?: boolean;
}

/** The malformed inputs for one procedure, from its zod input. */
function casesOf(def: Def): Case[] {
  const properties = propertiesOf(def.inputs[0] as ZodType);
  const cases: Case[] = [
    { name: "an unknown field", input: { zz_not_a_field: 1 }, field: "zz_not_a_field" },
    { name: "a non-object", input: "just text", field: null },
  ];
  for (const [name, schema] of Object.entries(properties)) {
    cases.push({ name: `${name} of the wrong type`, input: { [name]: wrongType(schema) }, field: name });
    const big = oversized(schema);
    if (big !== undefined) cases.push({ name: `${name} oversized`, input: { [name]: big }, field: name });
    if (name === "cursor")
      cases.push({ name: "a bogus cursor", input: { cursor: { bogus: true } }, field: "cursor" });
    // A lone surrogate is valid JSON but not valid Unicode: it may be refused or even taken, never a 500.
    if (types(schema).includes("string"))
      cases.push({
        name: `${name} a lone surrogate`,
        input: { [name]: "\ud800" },
        field: null,
        anyButServerError: true,
      });
  }
  return cases;
}

const table = procedures.map((p) => ({ ...p, cases: casesOf(p.def) }));
const inputs = table.reduce((sum, p) => sum + p.cases.length, 0);

describe(`malformed input: ${inputs} inputs to ${procedures.length} procedures, none a 5xx`, () => {
  test("the generator found the procedures", () => {
    expect(procedures.length).toBeGreaterThan(40);
  });

  test.each(table.map((p) => [p.path, p] as const))("%s", async (path, { def, cases }) => {
    const failures: string[] = [];
    for (const c of cases) {
      const { status, body } = await send(path, def.type, c.input);
      const message = body?.error?.message ?? "";
      // A query carries its input in the URL: one tens of kilobytes long is refused by the HTTP server
      // itself (431), before any procedure reads it. That is a refusal too, just not tRPC's.
      if (def.type === "query" && c.name.endsWith(" oversized") && (status === 414 || status === 431))
        continue;
      if (c.anyButServerError) {
        if (status >= 500) failures.push(`${c.name}: status ${status} (${message.slice(0, 120)})`);
      } else if (status !== 400) failures.push(`${c.name}: status ${status} (${message.slice(0, 120)})`);
      else if (c.field && !message.includes(c.field))
        failures.push(`${c.name}: message does not name it: ${message}`);
    }
    expect(failures).toEqual([]);
  });
});
