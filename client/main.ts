import { prefetchOpenings } from './api/openingPrefetch'
import { prefetchSession } from './api/session'
import { paintEarlyPreview } from './earlyPreview'
import { parseRoute } from './routing/routes'
import { shareToken } from './sync/shareToken'
import './styles.css'
import './appLayout.css'

/*
 * The page's entry: a few kB that ask at once for what the first screen waits for, the
 * session (the router's guard) and a long document's opening paragraphs (issue #21),
 * paint that opening (earlyPreview.ts), then load the app (startApp.ts: Vue, the screens,
 * the editor, ~0.8 MB). Asked from the app, they waited for its download and compilation
 * (0.3–0.8 s on a loaded machine); painted from the app, for its evaluation and mount.
 * Marks on the way to the first screen: the book bench reads them (BOOK_BENCH_TIMELINE=1).
 */
performance.mark('variorum:main')
prefetchSession(shareToken())
const first = parseRoute(location.hash)
if (first.name === 'editor') prefetchOpenings(first.panes)
void paintEarlyPreview(first).then(() => import('./startApp'))
