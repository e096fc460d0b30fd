/**
 * The layer rules of eslint.config.js bite: each forbidden import, linted as if it
 * stood in the folder it must not stand in, is reported with the rule's message,
 * and the allowed imports of that folder are not.
 */
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message)
}

const use = (names: string) => `${names}\nexport const used = [${names.match(/\{ (\w+)/g)?.map((m) => m.slice(2)).join(', ') ?? ''}]\n`

describe('layer boundaries (eslint.config.js)', () => {
  it('forbids server/ to import client/', async () => {
    expect(await problems('server/http/probe.ts', use("import { AnnotationStore } from '../../client/annotations/annotationStore'"))).toEqual([
      expect.stringContaining('server/ must not import client/'),
    ])
  })

  it('forbids client/ to import server/', async () => {
    expect(await problems('client/sync/probe.ts', use("import { ApiError } from '../../server/errors'"))).toEqual([
      expect.stringContaining('client/ must not import server/'),
    ])
  })

  it('forbids doc/ the DOM, Vue, ProseMirror, Node, providers, the client and the server', async () => {
    const cases: [string, string][] = [
      ["import { ref } from 'vue'", 'Vue code belongs in client/'],
      ["import { EditorState } from 'prosemirror-state'", 'editor glue belongs in client/editor/'],
      ["import { readFileSync } from 'node:fs'", 'file and process access belongs in server/'],
      ["import { WebsocketProvider } from 'y-websocket'", 'providers and protocols belong'],
      ["import { ApiError } from '../server/errors'", 'depends on neither'],
      ["import { AnnotationStore } from '../client/annotations/annotationStore'", 'depends on neither'],
    ]
    for (const [code, message] of cases) expect(await problems('doc/annotations/probe.ts', use(code)), code).toEqual([expect.stringContaining(message)])
    expect(await problems('doc/annotations/probe.ts', 'export const title = document.title\n')).toEqual([expect.stringContaining('DOM code belongs in client/')])
  })

  it('forbids core/ Yjs and the document model', async () => {
    expect(await problems('core/text/probe.ts', use("import { Doc } from 'yjs'"))).toEqual([expect.stringContaining('Yjs code belongs in doc/')])
    expect(await problems('core/text/probe.ts', use("import { fragmentOf } from '../../doc/model'"))).toEqual([expect.stringContaining('core/ must not depend on the document model')])
  })

  it('lets doc/ import Yjs and core/, and both sides import doc/', async () => {
    expect(await problems('doc/annotations/probe.ts', use("import { Doc } from 'yjs'") + use("import { createAnchor } from '../../core/annotations'").replace('export const used', 'export const used2'))).toEqual([])
    expect(await problems('server/http/probe.ts', use("import { readEdition } from '../../doc'"))).toEqual([])
    expect(await problems('client/sync/probe.ts', use("import { fragmentOf } from '../../doc'"))).toEqual([])
  })
})
