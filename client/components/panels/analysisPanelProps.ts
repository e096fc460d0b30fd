import type { EditorView } from 'prosemirror-view'
import type { DocumentSession } from '../../sync/documentSession'
import type { AnalysisState } from '../../workers/analysisClient'

/** What the side panel gives each analysis panel (Duplicates, Checks). */
export interface AnalysisPanelProps {
  documentId: string
  session: DocumentSession
  view: EditorView | null
  state: AnalysisState
  /** The panel is the open tab: only then does it draw highlights in the text. */
  active: boolean
}
