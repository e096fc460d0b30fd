/**
 * The paragraph helpers live in core/text/paragraphSpans.ts. This file only keeps
 * tei.ts's import working until tei.ts, being split into pieces on another branch,
 * imports them from core/text itself; nothing new should import it.
 */
export { paragraphSpans, splitByParagraph, paragraphAt as paragraphIndexAt, type ParagraphSpan } from '../text/paragraphSpans'
