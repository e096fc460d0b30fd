import { EditorState, Plugin } from 'prosemirror-state'
import { Decoration } from 'prosemirror-view'
import type { AnnotationView } from '../annotations/annotationStore'
import type { ChangeSpan } from '../versions/versionChanges'
import { buildAnnotationDecorations } from './annotationPlugin'
import { positionOfOffset } from './positions'
import { schema } from './schema'

/**
 * A version as a read-only editor state (docs/HISTORY.md, issue 15: "opening
 * one shows that state read-only in the editor"): the version's text in the
 * editor's own schema, the text each author added since the previous version
 * as an inline decoration in the author's colour (class `version-added`,
 * `--author`), each deletion as a widget holding the deleted text struck
 * through (class `version-deleted`: it is not part of the version's text, so
 * it cannot be a node), and the version's annotations drawn exactly as the
 * live editor draws them (annotationPlugin's `buildAnnotationDecorations`).
 *
 * `text` is the version's projection ("\n\n" between paragraphs); `spans` its
 * changes against the previous version (versionChanges, offsets in `text`);
 * `annotations` the version's annotations resolved against `text`. Throws
 * RangeError for a span outside `text`.
 */
export function versionEditorState(
  text: string,
  spans: readonly ChangeSpan[],
  annotations: readonly AnnotationView[],
  colorOf: (author: string | null) => string,
): EditorState {
  const paragraphs = text.split('\n\n').map((p) => schema.node('paragraph', null, p ? [schema.text(p)] : []))
  const doc = schema.node('doc', null, paragraphs)
  const changes: Decoration[] = []
  for (const span of spans) {
    if (span.kind === 'added') {
      // A paragraph break added is no character of a paragraph: nothing to colour there.
      for (const [from, to] of paragraphPieces(text, span.at, span.at + span.text.length)) {
        changes.push(Decoration.inline(positionOfOffset(doc, from), positionOfOffset(doc, to), {
          nodeName: 'span',
          class: 'version-added',
          style: `--author: ${colorOf(span.author)}`,
          'data-author': span.author ?? '',
          title: `added by ${span.author ?? 'an unknown author'}`,
        }))
      }
    } else if (span.kind === 'deleted') {
      changes.push(Decoration.widget(positionOfOffset(doc, Math.min(span.at, text.length)), deletedWidget(span.text), { side: -1, ignoreSelection: true, key: `version-deleted:${span.text}` }))
    }
  }
  const state = EditorState.create({ doc, schema })
  const drawn = buildAnnotationDecorations(state, annotations, null).add(doc, changes)
  return EditorState.create({ doc, schema, plugins: [new Plugin({ props: { decorations: () => drawn } })] })
}

/** [start, end) of `text` cut at its paragraph separators, separators left out. */
function paragraphPieces(text: string, start: number, end: number): [number, number][] {
  const pieces: [number, number][] = []
  let at = start
  while (at < end) {
    const separator = text.indexOf('\n\n', at)
    const stop = separator === -1 || separator >= end ? end : separator
    if (stop > at) pieces.push([at, stop])
    at = stop === end ? end : stop + 2
  }
  return pieces
}

function deletedWidget(deleted: string): () => HTMLElement {
  return () => {
    const element = document.createElement('del')
    element.className = 'version-deleted'
    element.textContent = deleted
    element.title = 'deleted in this version'
    return element
  }
}
