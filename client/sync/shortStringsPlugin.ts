import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vite'

/** lib0's choice of string reader, as lib0 0.2.x writes it in decoding.js. */
export const LIB0_READ_VAR_STRING = 'export const readVarString = string.utf8TextDecoder ? _readVarStringNative : _readVarStringPolyfill'

const READER = fileURLToPath(new URL('./shortStrings.ts', import.meta.url))

/**
 * Rewrites `source` (lib0/decoding.js) so that `readVarString` reads short
 * strings without TextDecoder (shortStrings.ts says why). Throws when lib0 no
 * longer chooses its reader as above: a build that silently went back to the slow
 * reader would only show in the annotation bench.
 */
export function installShortStrings(source: string): string {
  if (!source.includes(LIB0_READ_VAR_STRING)) {
    throw new Error('shortStringsPlugin: lib0/decoding.js no longer declares readVarString as expected; update the plugin for the installed lib0')
  }
  return `import { shortStringReader as __shortStringReader } from ${JSON.stringify(READER)}\n${source.replace(
    LIB0_READ_VAR_STRING,
    'export const readVarString = string.utf8TextDecoder ? __shortStringReader(readVarUint, _readVarStringNative) : _readVarStringPolyfill',
  )}`
}

/** The client build's lib0 decodes short strings without TextDecoder (issue #20, the editor's load). */
export function shortStrings(): Plugin {
  return {
    name: 'variorum-short-strings',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]lib0[\\/]decoding\.js$/.test(id.split('?')[0])) return null
      return { code: installShortStrings(code), map: null }
    },
  }
}
