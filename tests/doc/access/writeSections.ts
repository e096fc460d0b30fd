import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { decodeUpdateSections, type UpdateSection } from '../../../doc/access/updateSections'

/**
 * Updates written struct by struct, for the tests of what Yjs would not integrate
 * (checkUpdate.test.ts) and the structural mutations of the fuzzing: real clients
 * never write these, so they are built by hand from decoded real ones.
 */

/** A section as written: client, first clock, structs. */
export interface WrittenSection {
  client: number
  clock: number
  structs: (Y.Item | Y.GC | Y.Skip)[]
}

/**
 * Encodes sections and a delete set as a v1 update, exactly as written: the
 * sections need not be well-formed (repeated clients, gaps, empty ones), which is
 * what the tests of refusals and the structural mutations need.
 */
export function encodeSections(sections: WrittenSection[], deletes: [number, [number, number][]][]): Uint8Array {
  const encoder = new Y.UpdateEncoderV1()
  encoding.writeVarUint(encoder.restEncoder, sections.length)
  for (const { client, clock, structs } of sections) {
    encoding.writeVarUint(encoder.restEncoder, structs.length)
    encoder.writeClient(client)
    encoding.writeVarUint(encoder.restEncoder, clock)
    for (const struct of structs) struct.write(encoder, 0)
  }
  encoding.writeVarUint(encoder.restEncoder, deletes.length)
  for (const [client, ranges] of deletes) {
    encoding.writeVarUint(encoder.restEncoder, client)
    encoding.writeVarUint(encoder.restEncoder, ranges.length)
    for (const [clock, len] of ranges) {
      encoding.writeVarUint(encoder.restEncoder, clock)
      encoding.writeVarUint(encoder.restEncoder, len)
    }
  }
  return encoder.toUint8Array()
}

/** The sections and delete set of a v1 update, writable again by encodeSections. */
export function decodeSections(update: Uint8Array): { sections: WrittenSection[]; deletes: [number, [number, number][]][] } {
  const decoded = decodeUpdateSections(update)
  const sections = decoded.sections.map(({ client, structs }: UpdateSection) => ({ client, clock: structs[0]?.id.clock ?? 0, structs: [...structs] }))
  const deletes = [...decoded.deletes].map(([client, ranges]): [number, [number, number][]] => [client, ranges.map(({ clock, len }) => [clock, len])])
  return { sections, deletes }
}
