import { describe, expect, it } from 'vitest'
import { titleFromFileName } from '../../../client/api/uploadDocument'

describe('titleFromFileName', () => {
  it('drops a .txt or .md extension and nothing else', () => {
    expect(titleFromFileName('summit.txt')).toBe('summit')
    expect(titleFromFileName('notes.v2.MD')).toBe('notes.v2')
    expect(titleFromFileName('中亚峰会.txt')).toBe('中亚峰会')
    expect(titleFromFileName('.txt')).toBe('.txt')
  })
})
