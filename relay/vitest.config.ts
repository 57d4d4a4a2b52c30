import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// The Worker runs in the real Workers runtime (workerd through Miniflare), offline. Short timeouts keep
// the heartbeat and verification-timeout tests fast; the 5-minute buffer is aged through the object's clock.
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.jsonc" },
      miniflare: {
        bindings: {
          HEARTBEAT_TIMEOUT_MS: "3000",
          VERIFICATION_TIMEOUT_MS: "1000",
          RELAY_SECRET: "test-deployment-secret-0123456789abcdef",
        },
      },
    }),
  ],
  test: { globalSetup: ["./test/validator-server.ts"], testTimeout: 20_000 },
});
