/** One change a bulk action would make, as ChangePreviewDialog lists it. */
export interface PreviewChange {
  /** Unique within one preview. */
  key: string
  /** The passage now (short, already quoted for display). */
  before: string
  /** What the action does to it, in words ("Join the two paragraphs"). */
  after: string
}
