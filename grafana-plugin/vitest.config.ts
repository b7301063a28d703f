import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

// The team's reference folder sits beside the repository (also in CI).
const referenceDir = fileURLToPath(new URL('../../shared/reference', import.meta.url));

export default defineConfig({
  test: {
    name: 'grafana-plugin',
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    setupFiles: ['./src/test/setup.ts'],
    globals: true,
    isolate: false,
    env: { GLASS_REFERENCE_DIR: referenceDir },
    css: false,
    testTimeout: 30_000,
    server: { deps: { inline: [/@grafana\//] } },
  },
});
