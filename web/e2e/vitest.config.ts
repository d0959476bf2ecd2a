import { defineConfig } from "vitest/config";

// The browser story: one file, run in order, against the gunicorn that tests/e2e/test_web_client.py
// started (APP_URL), in Debian's chromium.
export default defineConfig({
  test: {
    include: ["e2e/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
