import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createAppRouter } from './router'
import { parseRoute } from './composables/useHashRoute'
import { prefetchOpenings } from './composables/useOpeningPreview'
import './styles.css'

// A long document's first screen is asked for at once (issue #21), not once the app is up.
const first = parseRoute(location.hash)
if (first.name === 'editor') prefetchOpenings(first.panes)

const router = createAppRouter()
const app = createApp(App).use(createPinia()).use(router)
// Mounted once the first address is resolved, so a deep link never shows the document list first.
void router.isReady().then(() => app.mount('#app'))
