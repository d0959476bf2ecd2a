/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { resolve } from "node:path";
import { defineConfig } from "vite";

// Two pages: the app (index.html) and the API's documentation (api-docs.html), so Swagger UI's
// weight never reaches the app's first load. `npm run dev` proxies the API to `make run`.
const api = "http://127.0.0.1:8080";
export default defineConfig({
  plugins: [react()],
  build: {
    target: "es2022",
    chunkSizeWarningLimit: 1600, // Swagger UI, on the API reference page only
    rollupOptions: { input: { app: resolve(__dirname, "index.html"), docs: resolve(__dirname, "api-docs.html") } },
  },
  server: {
    proxy: Object.fromEntries(
      ["/auth", "/profile", "/events", "/registrations", "/reviews", "/notifications", "/openapi.yaml"]
        .map((path) => [path, { target: api, changeOrigin: false }]),
    ),
  },
  test: { environment: "jsdom", include: ["src/**/*.test.{ts,tsx}"], setupFiles: ["src/test-setup.ts"] },
});
