import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vite'

/** lib0's choice of string reader, as lib0 0.2.x writes it in decoding.js. */
export const LIB0_READ_VAR_STRING = 'export const readVarString = string.utf8TextDecoder ? _readVarStringNative : _readVarStringPolyfill'

const READER = fileURLToPath(new URL('./asciiFirstStrings.ts', import.meta.url))

/**
 * Rewrites `source` (lib0/decoding.js) so that `readVarString` reads short ASCII
 * strings without TextDecoder (asciiFirstStrings.ts says why). Throws when lib0 no
 * longer chooses its reader as above: a build that silently went back to the slow
 * reader would only show in the annotation bench.
 */
export function installAsciiFirstStrings(source: string): string {
  if (!source.includes(LIB0_READ_VAR_STRING)) {
    throw new Error('asciiFirstStringsPlugin: lib0/decoding.js no longer declares readVarString as expected; update the plugin for the installed lib0')
  }
  return `import { asciiFirstStringReader as __asciiFirstStringReader } from ${JSON.stringify(READER)}\n${source.replace(
    LIB0_READ_VAR_STRING,
    'export const readVarString = string.utf8TextDecoder ? __asciiFirstStringReader(readVarUint, _readVarStringNative) : _readVarStringPolyfill',
  )}`
}

/** The client build's lib0 decodes short ASCII strings without TextDecoder (issue #20, the editor's load). */
export function asciiFirstStrings(): Plugin {
  return {
    name: 'variorum-ascii-first-strings',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]lib0[\\/]decoding\.js$/.test(id.split('?')[0])) return null
      return { code: installAsciiFirstStrings(code), map: null }
    },
  }
}
