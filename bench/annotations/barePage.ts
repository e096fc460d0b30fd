/**
 * The floor of the annotation bench: bare ProseMirror (the workspace schema,
 * the base keymap, nothing else) on the paragraphs in `window.__paragraphs`,
 * mounted in `#editor`. Bundled by annotations.bench.ts with esbuild and run in
 * the same Chromium as the workspace pages.
 */
import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { keymap } from 'prosemirror-keymap'
import { baseKeymap } from 'prosemirror-commands'
import { schema } from '../../client/editor/schema'

const paragraphs = (window as unknown as { __paragraphs: string[] }).__paragraphs
const paragraph = schema.nodes.paragraph ?? Object.values(schema.nodes).find((type) => type.isTextblock)!
const doc = schema.node('doc', null, paragraphs.map((text) => paragraph.create(null, text ? [schema.text(text)] : [])))
new EditorView(document.querySelector('#editor')!, { state: EditorState.create({ doc, plugins: [keymap(baseKeymap)] }) })
