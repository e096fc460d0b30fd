/**
 * Documents with at least this many paragraphs get the bounded surface (boundedSurface.ts) and
 * the opening preview; shorter ones are drawn whole. A module of its own, free of ProseMirror,
 * so the page's entry (main.ts → earlyPreview.ts) can read it without loading the editor.
 */
export const BOUNDED_SURFACE_MIN_PARAGRAPHS = 1500
