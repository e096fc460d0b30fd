import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import type { Plugin } from 'vite'
import { shortStrings } from './client/sync/shortStringsPlugin.ts'

/**
 * `<link rel="modulepreload">` in index.html for the app's chunk (client/startApp.ts),
 * which main.ts imports dynamically: the browser downloads it beside main.ts instead of
 * discovering it once main.ts has run. Vite preloads only a dynamic import's own
 * dependencies, and only when the import runs.
 */
function preloadAppChunk(): Plugin {
  return {
    name: 'variorum-preload-app-chunk',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const chunk = Object.values(context.bundle ?? {}).find((output) => output.type === 'chunk' && output.facadeModuleId?.endsWith('/client/startApp.ts'))
        return chunk ? [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${chunk.fileName}` }, injectTo: 'head' }] : []
      },
    },
  }
}

// One config for the client build (`vite build` → dist/client) and the test runner.
export default defineConfig({
  root: 'client',
  plugins: [vue(), preloadAppChunk(), shortStrings()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // One stylesheet, linked from index.html as before: main.ts loads the app's code
    // (startApp.ts) as a chunk of its own, whose styles would otherwise be a second file
    // fetched only once main.ts has run.
    cssCodeSplit: false,
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
