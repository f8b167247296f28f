import { defineConfig } from 'vitest/config';

// The browser tests run against the production build (dist/), built by `pnpm build` (turbo runs it first).
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000 },
});
