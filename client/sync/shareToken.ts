const STORAGE_KEY = 'variorum.shareToken'

/**
 * The share-link token this tab was opened with (`/?token=vs_…#/doc/<id>`), kept for
 * the tab's life in sessionStorage so that in-app navigation keeps it; null when the
 * tab came without one. Only share-link tokens (`vs_`) are taken from the address.
 */
export function shareToken(): string | null {
  if (typeof location === 'undefined') return null
  const fromAddress = new URLSearchParams(location.search).get('token')
  if (fromAddress?.startsWith('vs_')) {
    sessionStorage.setItem(STORAGE_KEY, fromAddress)
    return fromAddress
  }
  return sessionStorage.getItem(STORAGE_KEY)
}
