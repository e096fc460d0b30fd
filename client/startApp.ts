import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createAppRouter } from './router'

/*
 * The app itself: Vue, the router, every screen and the editor (most of the client's
 * code), loaded by main.ts once it has asked for what the first screen needs.
 */
performance.mark('variorum:app-run')
const router = createAppRouter()
const app = createApp(App).use(createPinia()).use(router)
// Mounted once the first address is resolved, so a deep link never shows the document list first.
void router.isReady().then(() => {
  app.mount('#app')
  performance.mark('variorum:mounted')
})
