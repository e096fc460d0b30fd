import { describe, expect, it } from 'vitest'
import { visibleControls } from '../../../core/text'

describe('visibleControls', () => {
  it('shows a right-to-left override instead of applying it', () => {
    expect(visibleControls('invoice\u202Etxt.exe')).toBe('invoice⟨U+202E⟩txt.exe')
  })

  it('shows isolates, marks, newlines and C1 controls, keeps tabs and ordinary text', () => {
    expect(visibleControls('a\u2066b\u2069c\u200Fd\ne\u0085f\tg')).toBe('a⟨U+2066⟩b⟨U+2069⟩c⟨U+200F⟩d⟨U+000A⟩e⟨U+0085⟩f\tg')
    expect(visibleControls('中国–中亚峰会 عربي')).toBe('中国–中亚峰会 عربي')
  })
})
