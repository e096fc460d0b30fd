import { defineStore } from 'pinia'
import { ref } from 'vue'

const STORAGE_KEY = 'variorum.suggesting'

function load(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'on'
  } catch {
    return false // storage refused (private mode): start in editing mode
  }
}

/**
 * Suggesting mode (#18), per user: on, typing makes tracked suggestions instead of
 * editing the text. Kept in localStorage, so it stays as the user left it in every
 * document and pane of this browser; other users are not affected.
 */
export const useSuggestingStore = defineStore('suggesting', () => {
  const on = ref(load())

  function set(value: boolean): void {
    on.value = value
    try {
      localStorage.setItem(STORAGE_KEY, value ? 'on' : 'off')
    } catch {
      // Not remembered past this page; the mode still applies now.
    }
  }

  return { on, set, toggle: () => set(!on.value) }
})
