import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { findProjectRoot } from '../projectRoot'

/**
 * Starts a worker thread on one of the server's TypeScript entry points: from the
 * build (`dist/server/<builtName>.js`, bin/buildServer.mjs lists it) when this module
 * runs built, else from the TypeScript source (`source`, relative to the project
 * root) through tsx's loader, as under vitest and `tsx`.
 */
export function startWorkerThread(source: string, builtName: string, workerData?: unknown): Worker {
  const root = findProjectRoot()
  if (!import.meta.url.endsWith('.ts')) return new Worker(join(root, 'dist', 'server', `${builtName}.js`), { workerData })
  const require = createRequire(import.meta.url)
  const tsxPackage = require.resolve('tsx/package.json')
  const exports = (JSON.parse(readFileSync(tsxPackage, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports
  const api = pathToFileURL(join(dirname(tsxPackage), exports['./esm/api'].import.default)).href
  const entry = pathToFileURL(join(root, source)).href
  return new Worker(`import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}) })`, { eval: true, workerData })
}
