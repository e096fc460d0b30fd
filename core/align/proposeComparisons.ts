import type { TextOffset } from '../text'
export interface WitnessRange { start: TextOffset; end: TextOffset; label: string }
export interface ProposedComparison { a: WitnessRange; b: WitnessRange; reason: 'continuation' | 'numbered-points' | 'near-duplicate'; label: string }
export function proposeComparisons(_text: string): ProposedComparison[] { return [] }
