import type { IncomingMessage } from 'node:http'
import { ApiError } from '../errors'

/**
 * Reads a request body up to `limit` bytes. A body announced or found to be
 * larger is refused with ApiError `upload-too-large` without reading the rest,
 * so a huge upload costs at most `limit` bytes of memory.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const announced = Number(req.headers['content-length'])
  if (Number.isFinite(announced) && announced > limit) throw tooLarge(limit)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw tooLarge(limit)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

function tooLarge(limit: number): ApiError {
  return new ApiError('upload-too-large', `the upload is larger than the ${limit}-byte limit`)
}
