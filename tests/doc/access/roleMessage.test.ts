import * as authProtocol from 'y-protocols/auth'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import { DOCUMENT_ROLES } from '../../../doc/access/roles'
import { encodeRoleMessage, readRoleMessage, ROLE_MESSAGE } from '../../../doc/access/roleMessage'

/** A decoder past the frame's message type, as y-websocket hands it to a message handler. */
function afterType(frame: Uint8Array): decoding.Decoder {
  const decoder = decoding.createDecoder(frame)
  expect(decoding.readVarUint(decoder)).toBe(ROLE_MESSAGE.type)
  return decoder
}

describe('the role message', () => {
  it('carries every role and reads back exactly, to the end of the frame', () => {
    for (const role of DOCUMENT_ROLES) {
      const decoder = afterType(encodeRoleMessage(role))
      expect(readRoleMessage(decoder)).toBe(role)
      expect(decoder.pos).toBe(decoder.arr.length)
    }
  })

  it("is y-websocket's auth message with a sub-type y-protocols ignores (a stock client hears no permission denial)", () => {
    const denied: string[] = []
    authProtocol.readAuthMessage(afterType(encodeRoleMessage('viewer')), null as never, (_doc, reason) => denied.push(reason))
    expect(denied).toEqual([])
  })

  it("leaves y-protocols' own permission-denied message, unread, to its reader", () => {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, ROLE_MESSAGE.type)
    authProtocol.writePermissionDenied(encoder, 'no')
    const decoder = afterType(encoding.toUint8Array(encoder))
    expect(readRoleMessage(decoder)).toBeNull()
    const denied: string[] = []
    authProtocol.readAuthMessage(decoder, null as never, (_doc, reason) => denied.push(reason))
    expect(denied).toEqual(['no'])
  })

  it('reads an unknown role as nothing, consuming nothing', () => {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, ROLE_MESSAGE.type)
    encoding.writeVarUint(encoder, ROLE_MESSAGE.subType)
    encoding.writeVarString(encoder, 'superuser')
    const decoder = afterType(encoding.toUint8Array(encoder))
    expect(readRoleMessage(decoder)).toBeNull()
    expect(decoder.pos).toBe(1)
  })
})
