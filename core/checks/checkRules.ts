import { continuationMarker } from './continuationMarker'
import { displacedHeading } from './displacedHeading'
import { fragment } from './fragment'
import { layoutBreak } from './layoutBreak'
import { scriptIntrusion } from './scriptIntrusion'
import { typo } from './typo'
import type { CheckRule } from './types'

/** Every check, in the order a report lists them. */
export const checkRules: readonly CheckRule[] = [layoutBreak, continuationMarker, fragment, scriptIntrusion, typo, displacedHeading]
