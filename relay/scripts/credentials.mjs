#!/usr/bin/env node
// Mints the relay's deployment secret, or one replayd install's credentials (relay/README.md, steps 3 and 5).
//   node scripts/credentials.mjs new-secret
//   RELAY_SECRET=… node scripts/credentials.mjs https://replayd-relay.<you>.workers.dev
import { mintToken, subscribeKey } from "../src/mint.mjs";

const MIN_SECRET_LENGTH = 32;
const [arg] = process.argv.slice(2);

if (arg === "new-secret") {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  console.log(Buffer.from(bytes).toString("base64url"));
} else if (arg && /^https?:\/\//.test(arg)) {
  const secret = process.env.RELAY_SECRET ?? "";
  if (secret.length < MIN_SECRET_LENGTH) {
    fail(
      `RELAY_SECRET is ${secret ? "too short" : "not set"}: export the secret you gave \`wrangler secret put RELAY_SECRET\` (step 3)`,
    );
  }
  const origin = new URL(arg).origin;
  const token = await mintToken(secret);
  console.log(`RELAY_INGEST_URL=${origin}/u/${token}`);
  console.log(`RELAY_SUBSCRIBE_KEY=${await subscribeKey(secret, token)}`);
} else {
  fail("usage: node scripts/credentials.mjs new-secret | node scripts/credentials.mjs https://<your relay>");
}

/** @param {string} message */
function fail(message) {
  console.error(message);
  process.exit(2);
}
