import { afterEach, describe, expect, test } from "bun:test";
import {
  CLIENT_ID,
  type Receiver,
  startReceiver,
  type TestSim,
  testSim,
} from "../../../tests/support/sim.ts";
import { apiWorld } from "../api-world.ts";
import { callbackProblem } from "./subscription-request.ts";

type Listing = {
  data: { id: string; status: string; type: string; condition: { broadcaster_user_id: string } }[];
  total: number;
  total_cost: number;
  max_total_cost: number;
  pagination: { cursor?: string };
};

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup() {
  const t = testSim();
  const receiver = startReceiver();
  cleanups.push(
    () => receiver.stop(),
    () => t.close(),
  );
  const token = await t.appToken();
  const users = (await (await t.helix("/users?login=kitchen_lab&login=code_garden", token)).json()) as {
    data: { id: string }[];
  };
  return { t, receiver, token, kitchen: users.data[0]?.id ?? "", garden: users.data[1]?.id ?? "" };
}

function subscribe(t: TestSim, token: string, body: Record<string, unknown>) {
  return t.helix("/eventsub/subscriptions", token, { method: "POST", body: JSON.stringify(body) });
}

function request(broadcaster: string, receiver: Receiver, overrides: Record<string, unknown> = {}) {
  return {
    type: "stream.online",
    version: "1",
    condition: { broadcaster_user_id: broadcaster },
    transport: { method: "webhook", callback: receiver.url, secret: "a-secret-of-20-chars" },
    ...overrides,
  };
}

async function list(t: TestSim, token: string, query = "", clientId = CLIENT_ID): Promise<Listing> {
  return (await (await t.helix(`/eventsub/subscriptions${query}`, token, { clientId })).json()) as Listing;
}

describe("Helix /eventsub/subscriptions", () => {
  test("create answers 202 pending, then the callback is verified and the subscription enabled", async () => {
    const { t, receiver, token, kitchen } = await setup();
    const res = await subscribe(t, token, request(kitchen, receiver));
    expect(res.status).toBe(202);
    const created = (await res.json()) as Listing;
    expect(created).toEqual({
      data: [
        {
          id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
          status: "webhook_callback_verification_pending",
          type: "stream.online",
          version: "1",
          condition: { broadcaster_user_id: kitchen },
          created_at: expect.stringMatching(/^2026-04-12T12:00:00\.\d{9}Z$/),
          transport: { method: "webhook", callback: receiver.url },
          cost: 1,
        },
      ],
      total: 1,
      total_cost: 1,
      max_total_cost: 10_000,
    } as unknown as Listing);
    const verification = await receiver.waitFor((m) => m.type === "webhook_callback_verification");
    expect(verification.body.subscription).toMatchObject({
      id: created.data[0]?.id,
      status: "webhook_callback_verification_pending",
    });
    expect(typeof verification.body.challenge).toBe("string");
    await apiWorld(t.sim.ctx).webhooks.idle();
    expect((await list(t, token)).data.map((s) => s.status)).toEqual(["enabled"]);
  });

  test("the same type, condition and callback again is a 409; another callback is not", async () => {
    const { t, receiver, token, kitchen } = await setup();
    expect((await subscribe(t, token, request(kitchen, receiver))).status).toBe(202);
    const again = await subscribe(t, token, request(kitchen, receiver));
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      error: "Conflict",
      status: 409,
      message: "subscription already exists",
    });
    const elsewhere = request(kitchen, receiver);
    elsewhere.transport.callback = `${receiver.url}?other`;
    expect((await subscribe(t, token, elsewhere)).status).toBe(202);
  });

  test.each<[string, (b: ReturnType<typeof request>) => unknown, string]>([
    ["an unknown type", (b) => ({ ...b, type: "channel.follow" }), 'type: "channel.follow" is not simulated'],
    [
      "a wrong version",
      (b) => ({ ...b, type: "channel.update", version: "1" }),
      "version: channel.update is offered in version 2",
    ],
    ["no type", ({ type: _, ...b }) => b, "type: required"],
    [
      "a 9-character secret",
      (b) => ({ ...b, transport: { ...b.transport, secret: "123456789" } }),
      "transport.secret: must be at least 10 characters",
    ],
    [
      "a 101-character secret",
      (b) => ({ ...b, transport: { ...b.transport, secret: "x".repeat(101) } }),
      "transport.secret: must be at most 100 characters",
    ],
    [
      "a non-ASCII secret",
      (b) => ({ ...b, transport: { ...b.transport, secret: "sécret-sécret" } }),
      "transport.secret: must be ASCII",
    ],
    [
      "plain http off loopback",
      (b) => ({ ...b, transport: { ...b.transport, callback: "http://example.com/cb" } }),
      "transport.callback: must be an https URL (plain http only to a loopback address)",
    ],
    [
      "the websocket transport",
      (b) => ({ ...b, transport: { method: "websocket", session_id: "x" } }),
      'transport.method: only "webhook" is simulated',
    ],
    [
      "an unknown condition field",
      (b) => ({ ...b, condition: { ...b.condition, user_id: "1" } }),
      'condition: Unrecognized key: "user_id"',
    ],
    [
      "an unknown broadcaster",
      (b) => ({ ...b, condition: { broadcaster_user_id: "424242" } }),
      "condition.broadcaster_user_id: no such user",
    ],
  ])("%s is a 400 naming the field", async (_name, change, message) => {
    const { t, receiver, token, kitchen } = await setup();
    const res = await subscribe(t, token, change(request(kitchen, receiver)) as Record<string, unknown>);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe("Bad Request");
    expect(body.message.startsWith(message)).toBe(true);
    expect(receiver.messages).toEqual([]);
  });

  test("a body that is not JSON is a 400", async () => {
    const { t, token } = await setup();
    const res = await t.helix("/eventsub/subscriptions", token, {
      method: "POST",
      body: "type=stream.online",
    });
    expect(await res.json()).toEqual({
      error: "Bad Request",
      status: 400,
      message: "body: expected a JSON object",
    });
  });

  test("webhook subscriptions need an app token; a user token lists none", async () => {
    const { t, receiver, token, kitchen } = await setup();
    await subscribe(t, token, request(kitchen, receiver));
    const user = await t.userToken();
    const res = await subscribe(t, user.access_token, request(kitchen, receiver, { type: "stream.offline" }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(
      "invalid transport and auth combination",
    );
    expect(await list(t, user.access_token)).toMatchObject({ data: [], total: 0, total_cost: 0 });
  });

  test("list filters by status, type, user_id and subscription_id, one at a time; apps see only their own", async () => {
    const { t, receiver, token, kitchen, garden } = await setup();
    const online = ((await (await subscribe(t, token, request(kitchen, receiver))).json()) as Listing)
      .data[0];
    await subscribe(t, token, request(kitchen, receiver, { type: "stream.offline" }));
    await subscribe(t, token, request(garden, receiver, { type: "channel.update", version: "2" }));
    await apiWorld(t.sim.ctx).webhooks.idle();
    const ids = async (query: string) => (await list(t, token, query)).data.map((s) => s.type);
    expect(await ids("")).toEqual(["stream.online", "stream.offline", "channel.update"]);
    expect(await ids("?type=stream.offline")).toEqual(["stream.offline"]);
    expect(await ids(`?user_id=${garden}`)).toEqual(["channel.update"]);
    expect(await ids(`?subscription_id=${online?.id}`)).toEqual(["stream.online"]);
    expect(await ids("?status=enabled")).toHaveLength(3);
    expect(await ids("?status=webhook_callback_verification_failed")).toEqual([]);
    expect(await list(t, token, "?status=enabled")).toMatchObject({
      total: 3,
      total_cost: 3,
      max_total_cost: 10_000,
    });

    const both = await t.helix("/eventsub/subscriptions?type=stream.online&status=enabled", token);
    expect(both.status).toBe(400);
    expect(((await both.json()) as { message: string }).message).toBe("status, type: use at most one filter");

    const stranger = await t.appToken("another-app");
    expect(await list(t, stranger, "", "another-app")).toMatchObject({ data: [], total: 0 });
  });

  test("list pages 100 at a time with a cursor", async () => {
    const { t, receiver, token, kitchen } = await setup();
    for (let i = 0; i < 105; i++) {
      const body = request(kitchen, receiver);
      body.transport.callback = `${receiver.url}?n=${i}`;
      expect((await subscribe(t, token, body)).status).toBe(202);
    }
    const first = await list(t, token);
    expect(first.data).toHaveLength(100);
    expect(first.total).toBe(105);
    const rest = await list(t, token, `?after=${first.pagination.cursor}`);
    expect(rest.data).toHaveLength(5);
    expect(rest.pagination).toEqual({});
    expect(new Set([...first.data, ...rest.data].map((s) => s.id)).size).toBe(105);
    await apiWorld(t.sim.ctx).webhooks.idle();
  });

  test("delete answers 204 and the subscription is gone; unknown ids are 404, no id is 400", async () => {
    const { t, receiver, token, kitchen } = await setup();
    const id = ((await (await subscribe(t, token, request(kitchen, receiver))).json()) as Listing).data[0]
      ?.id;
    const stranger = await t.appToken("another-app");
    const del = (as: string, query: string, clientId = CLIENT_ID) =>
      t.helix(`/eventsub/subscriptions${query}`, as, { method: "DELETE", clientId });
    expect((await del(stranger, `?id=${id}`, "another-app")).status).toBe(404);
    const res = await del(token, `?id=${id}`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect((await list(t, token)).data).toEqual([]);
    const again = await del(token, `?id=${id}`);
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({
      error: "Not Found",
      status: 404,
      message: "subscription not found",
    });
    expect((await del(token, "")).status).toBe(400);
  });
});

describe("EventSub callbacks", () => {
  test.each([
    ["https://replayd.example.com/api/v1/webhook/callback", null],
    ["https://replayd.example.com:443/cb", null],
    ["https://replayd.example.com:8443/cb", "must use port 443"],
    ["http://replayd.example.com/cb", "must be an https URL (plain http only to a loopback address)"],
    ["http://127.0.0.1:8080/api/v1/webhook/callback", null],
    ["http://localhost:3000/cb", null],
    ["http://[::1]:3000/cb", null],
    ["ftp://127.0.0.1/cb", "must be an https URL"],
    ["/relative", "must be an absolute URL"],
  ])("%s: %p", (url, problem) => {
    expect(callbackProblem(url)).toBe(problem);
  });

  test.each([
    [
      "answers 200 with another body",
      () => new Response("nope", { headers: { "Content-Type": "text/plain" } }),
    ],
    ["echoes the challenge as JSON", (c: string) => Response.json(c)],
    ["answers 404", () => new Response("", { status: 404 })],
    ["redirects", () => new Response(null, { status: 302, headers: { Location: "/elsewhere" } })],
  ])("a receiver that %s fails verification", async (_name, answer) => {
    const t = testSim();
    const receiver = startReceiver((m) =>
      m.type === "webhook_callback_verification" ? answer(m.body.challenge ?? "") : undefined,
    );
    cleanups.push(
      () => receiver.stop(),
      () => t.close(),
    );
    const token = await t.appToken();
    const kitchen =
      ((await (await t.helix("/users?login=kitchen_lab", token)).json()) as { data: { id: string }[] })
        .data[0]?.id ?? "";
    await subscribe(t, token, request(kitchen, receiver));
    await apiWorld(t.sim.ctx).webhooks.idle();
    expect((await list(t, token)).data.map((s) => s.status)).toEqual([
      "webhook_callback_verification_failed",
    ]);
    const state = (await (await t.request("/sim/state")).json()) as {
      webhook_deliveries: { problem?: string }[];
    };
    expect(state.webhook_deliveries.at(-1)?.problem).toBeString();
    // A failed subscription no longer blocks a new one for the same callback, nor counts toward the cost.
    expect((await list(t, token)).total_cost).toBe(0);
    expect((await subscribe(t, token, request(kitchen, receiver))).status).toBe(202);
    await apiWorld(t.sim.ctx).webhooks.idle();
  });
});
