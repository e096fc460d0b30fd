import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The folder holding the project's package.json: found by walking up from this module, because
 * the module runs both from its source (server/) and bundled into dist/server/chunks/, at
 * different depths. Throws an Error when no package.json is above it (a copied-out build).
 */
export function findProjectRoot(): string {
  let dir = resolve(fileURLToPath(new URL('.', import.meta.url)))
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`)
    dir = parent
  }
  return dir
}
