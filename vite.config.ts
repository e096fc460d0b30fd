import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// One config for the client build (`vite build` → dist/client) and the test runner.
export default defineConfig({
  root: 'client',
  plugins: [vue()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/sync': { target: 'ws://localhost:8080', ws: true },
    },
  },
  test: {
    root: '.',
    // `npm run test:faults` runs the fault tests kept out of `npm test`: the kill -9
    // test failed once in a CI run under full load (the observer stuck at 320 of 500
    // words) and has not been reproduced since; until it is understood it must not
    // decide whether main lands (issue #16 stays open for it).
    include: process.env.VARIORUM_FAULT_TESTS ? ['tests/faults/**/*.fault.ts'] : ['tests/**/*.test.ts'],
    // Generous: CI shares two cores, and a JVM start for jing (the TEI tests) or a
    // child CLI process took over 20 s there while browser tests ran alongside.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['tests/setup/buildDist.ts'],
    // Browser tests each launch Chromium; two cores, so keep files from piling up.
    maxWorkers: 2,
  },
})
