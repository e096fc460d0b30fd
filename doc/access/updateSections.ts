import * as Y from 'yjs'

/** A struct as decoded from an update. */
export type DecodedStruct = Y.Item | Y.GC | Y.Skip

/**
 * One client's run of structs as an update writes it: a header (count, client, first
 * clock), then structs of consecutive clocks. Yjs integrates an update section by
 * section (readClientsStructRefs), so the sections matter, not only the structs.
 */
export interface UpdateSection {
  client: number
  structs: DecodedStruct[]
}

/** A decoded v1 update: `structs` is every section's structs in the order written. */
export interface DecodedUpdate {
  sections: UpdateSection[]
  structs: DecodedStruct[]
  deletes: Map<number, { clock: number; len: number }[]>
}

/**
 * Y.decodeUpdate with the section boundaries kept. Yjs' decoder flattens sections,
 * which hides what its integration does with them: a client written in two sections
 * keeps only the last (issue 14, found by fuzzing). The boundaries are recorded
 * from the decoder's own reads: `readClient` is called once per section header,
 * `readInfo` once per struct, both only while structs are read.
 *
 * Throws (as Yjs does) when the bytes do not decode.
 */
export function decodeUpdateSections(update: Uint8Array): DecodedUpdate {
  let decoded: ReturnType<typeof Y.decodeUpdateV2>
  let recorder: SectionRecordingDecoder
  try {
    decoded = Y.decodeUpdateV2(update, SectionRecordingDecoder)
    recorder = SectionRecordingDecoder.last!
  } finally {
    SectionRecordingDecoder.last = null
  }
  const structs = decoded.structs as DecodedStruct[]
  const { starts } = recorder
  const sections: UpdateSection[] = []
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1].index : structs.length
    sections.push({ client: starts[i].client, structs: starts.length === 1 ? structs : structs.slice(starts[i].index, end) })
  }
  return { sections, structs, deletes: decoded.ds.clients }
}

/**
 * The v1 decoder, noting where each section starts. `decodeUpdateV2` builds its own
 * decoder from the class it is given; the instance is picked up through `last`,
 * which the synchronous decode cannot interleave.
 */
class SectionRecordingDecoder extends Y.UpdateDecoderV1 {
  static last: SectionRecordingDecoder | null = null
  readonly starts: { client: number; index: number }[] = []
  private infos = 0

  constructor(decoder: ConstructorParameters<typeof Y.UpdateDecoderV1>[0]) {
    super(decoder)
    SectionRecordingDecoder.last = this
  }

  override readClient(): number {
    const client = super.readClient()
    this.starts.push({ client, index: this.infos })
    return client
  }

  override readInfo(): number {
    this.infos++
    return super.readInfo()
  }
}
