import { describe, expect, it } from 'vitest'
import { requiredRole } from '../../../server/http/documentGuard'

describe('requiredRole', () => {
  it('asks for reading to read, annotating to import, editing to name or restore a version', () => {
    expect(requiredRole('GET', '/api/documents/d/export')).toEqual({ documentId: 'd', role: 'viewer' })
    expect(requiredRole('GET', '/api/documents/d/versions')).toEqual({ documentId: 'd', role: 'viewer' })
    expect(requiredRole('GET', '/api/documents/d/blame')).toEqual({ documentId: 'd', role: 'viewer' })
    expect(requiredRole('POST', '/api/documents/d/annotations/import')).toEqual({ documentId: 'd', role: 'annotator' })
    expect(requiredRole('POST', '/api/documents/d/versions')).toEqual({ documentId: 'd', role: 'editor' })
    expect(requiredRole('POST', '/api/documents/d/versions/3/restore')).toEqual({ documentId: 'd', role: 'editor' })
    expect(requiredRole('GET', '/api/search')).toBeNull()
  })
})
