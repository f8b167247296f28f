import { defineConfig } from 'vitest/config';

// The browser tests run against the production build (dist/), built by `pnpm build` (turbo runs it
// first). SURVKIT_BENCH=1 runs the benchmark in bench/ instead (`pnpm bench`).
// The Firefox test speaks WebDriver BiDi over the global WebSocket, which Node 20 has only behind a flag.
export default defineConfig({
  test: {
    execArgv: 'WebSocket' in globalThis ? [] : ['--experimental-websocket'],
    include: process.env.SURVKIT_BENCH === undefined ? ['test/**/*.test.ts'] : ['bench/**/*.bench.ts'],
    testTimeout: 900_000,
    hookTimeout: 180_000,
  },
});
