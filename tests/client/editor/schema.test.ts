import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { initProseMirrorDoc } from 'y-prosemirror'
import { schema } from '../../../client/editor/schema'
import { projectionOf } from '../../../client/editor/positions'
import { createEditorState } from '../../../client/editor/createEditorState'
import { DOC_MODEL } from '../../../doc'
import { seedDocument } from '../../../doc/text/seedDocument'
import { Awareness } from 'y-protocols/awareness'

describe('schema', () => {
  it('reads a server-seeded Y.Doc paragraph for paragraph', () => {
    const ydoc = new Y.Doc()
    Y.applyUpdate(ydoc, seedDocument(['第一段。', 'Second, with 中文.'], { title: 't', sourceHash: 'h', createdAt: '2025-06-17' }))
    const { doc } = initProseMirrorDoc(ydoc.getXmlFragment(DOC_MODEL.fragment), schema)
    expect(doc.childCount).toBe(2)
    expect(projectionOf(doc)).toBe('第一段。\n\nSecond, with 中文.')
  })
})

describe('createEditorState', () => {
  it('writes nothing into the shared document before a view shows it', () => {
    const ydoc = new Y.Doc()
    const state = createEditorState({ fragment: ydoc.getXmlFragment(DOC_MODEL.fragment), awareness: new Awareness(ydoc) })
    expect(state.doc.childCount).toBe(1)
    expect(ydoc.getXmlFragment(DOC_MODEL.fragment).length).toBe(0)
    expect(state.plugins.map((plugin) => (plugin as unknown as { key: string }).key).slice(0, 3)).toEqual(['y-sync$', 'yjs-cursor$', 'y-undo$'])
  })
})
