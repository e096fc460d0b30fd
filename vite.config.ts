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
    include: ['tests/**/*.test.ts'],
    // Generous: CI shares two cores, and a JVM start for jing (the TEI tests) or a
    // child CLI process took over 20 s there while browser tests ran alongside.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['tests/setup/buildDist.ts'],
    // Browser tests each launch Chromium; two cores, so keep files from piling up.
    maxWorkers: 2,
  },
})
