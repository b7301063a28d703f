import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'e2e',
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    // These tests start real processes (Prometheus, Alertmanager, the built exporter and
    // mailer) and wait for alerts to travel through them.
    testTimeout: 240_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
