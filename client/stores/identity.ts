import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { setUserEverywhere } from '../sync/sessionRegistry'

/** The name and colour this browser shows to other users. */
export interface Identity {
  name: string
  color: string
}

const STORAGE_KEY = 'variorum.identity'

/**
 * Cursor colours: six-digit hex (y-prosemirror's cursor plugin accepts no other
 * form), dark or saturated enough to read as a caret on the page's paper colour.
 */
export const IDENTITY_COLORS = ['#c2410c', '#1d4ed8', '#15803d', '#9333ea', '#be123c', '#0f766e', '#a16207', '#4338ca'] as const

function load(): Identity | null {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Identity> | null
    if (value && typeof value.name === 'string' && value.name.trim() && typeof value.color === 'string' && /^#[0-9a-f]{6}$/i.test(value.color)) {
      return { name: value.name.trim(), color: value.color }
    }
  } catch {
    // A corrupt entry is treated as a first visit: the dialog asks again.
  }
  return null
}

/** Identity chosen on the first visit, kept in localStorage, editable later. */
export const useIdentityStore = defineStore('identity', () => {
  const identity = ref<Identity | null>(load())
  const editing = ref(identity.value === null)
  const suggestedColor = IDENTITY_COLORS[Math.floor(Math.random() * IDENTITY_COLORS.length)]

  const user = computed<Identity>(() => identity.value ?? { name: 'Anonymous', color: suggestedColor })

  function save(next: Identity): void {
    const clean = { name: next.name.trim().slice(0, 40), color: next.color }
    if (!clean.name) throw new RangeError('a name must not be empty')
    identity.value = clean
    localStorage.setItem(STORAGE_KEY, JSON.stringify(clean))
    editing.value = false
    setUserEverywhere(clean)
  }

  return { identity, editing, user, suggestedColor, save }
})
