import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import { tanstackRouter } from "@tanstack/router-plugin/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Resolve paths from this file, not from the cwd, so `vite --config dashboard/vite.config.ts` works from the repo root.
const dashboardDir = fileURLToPath(new URL(".", import.meta.url));
const fromDashboard = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The replayd server during development; override to point the dev dashboard at another instance.
const apiTarget = process.env.REPLAYD_API_URL ?? "http://localhost:8080";

export default defineConfig({
  root: dashboardDir,
  base: "/",
  plugins: [
    // Must come before the React plugin: it rewrites route files (code splitting) before JSX is compiled.
    tanstackRouter({
      target: "react",
      autoCodeSplitting: true,
      routesDirectory: fromDashboard("./src/routes"),
      generatedRouteTree: fromDashboard("./src/routeTree.gen.ts"),
      quoteStyle: "double",
      semicolons: true,
    }),
    react(),
    tailwindcss(),
  ],
  resolve: {
    alias: { "@": fromDashboard("./src") },
  },
  server: {
    proxy: {
      "/api": { target: apiTarget, changeOrigin: true },
      "/trpc": { target: apiTarget, changeOrigin: true },
    },
  },
  build: {
    outDir: fromDashboard("./dist"),
    assetsDir: "assets",
    emptyOutDir: true,
    // Read by scripts/dashboard-size.ts to measure the JavaScript the home page loads first.
    manifest: true,
  },
});
