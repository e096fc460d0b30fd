import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createAppRouter } from './router'
import './styles.css'

const router = createAppRouter()
const app = createApp(App).use(createPinia()).use(router)
// Mounted once the first address is resolved, so a deep link never shows the document list first.
void router.isReady().then(() => app.mount('#app'))
