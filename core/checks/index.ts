/**
 * Editorial checks: layout artefacts of scraped text, typos and intrusions, each a
 * rule in its own file, with safe fixes. See docs/CHECKS.md.
 */
export type { CheckRule, Finding, Fix, ParagraphSpan, RuleId } from './types'
/** The checks' paragraphs: the non-blank lines of the text (core/text/lines.ts). */
export { nonBlankLines as splitParagraphs } from '../text'
export { runChecks } from './runChecks'
export { checkRules } from './checkRules'
export { layoutBreak, findLayoutBreaks, type LayoutBreak } from './layoutBreak'
export { continuationMarker } from './continuationMarker'
export { findContinuationMarkers, type ContinuationMarker } from './findContinuationMarkers'
export { fragment } from './fragment'
export { scriptIntrusion, INTRUDING_WORDS } from './scriptIntrusion'
export { typo, TYPO_LIST, ENGLISH_TYPO_LIST, type TypoEntry } from './typo'
export { displacedHeading } from './displacedHeading'
