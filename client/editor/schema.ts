import { Schema } from 'prosemirror-model'
import { DOC_MODEL } from '../../doc'

/**
 * The workspace schema: a document is one or more paragraphs of plain text, the
 * shape `core/text` projects ("\n\n" between paragraphs). No marks: annotations
 * are stand-off decorations, so the text itself stays exactly the source text.
 * Node names must match DOC_MODEL, the Y.XmlElement names the server seeds.
 */
export const schema = new Schema({
  nodes: {
    doc: { content: `${DOC_MODEL.paragraph}+` },
    [DOC_MODEL.paragraph]: {
      content: 'text*',
      parseDOM: [{ tag: 'p' }],
      toDOM: () => ['p', 0],
    },
    text: {},
  },
})
