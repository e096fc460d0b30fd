/**
 * Snapshot bytes per `compactAfterUpdates`: a document up to this size folds its
 * log every `compactAfterUpdates` updates, a larger one proportionally later.
 */
export const FOLD_SNAPSHOT_BYTES = 256 * 1024

/**
 * How many updates a room's log holds before the compactor folds it. A fold decodes
 * the whole snapshot, applies the log and encodes the state again: most of its cost
 * grows with the document, not with the log, so folding a 1.2 MB document every 500
 * updates cost 5–6 times a 38 KB document's CPU per update (issue #20: the sync
 * bench's 1 MB rows spent ~1.3 s of compactor CPU a round beside the update path on
 * a 2-core machine). A log in proportion to the snapshot keeps that part of the
 * fold's CPU per update the same whatever the size (amortized). The price is paid by
 * an opening that finds a full log (merging it costs ~0.07–0.09 ms a row), which also
 * stays in proportion to the snapshot the opening decodes anyway; a room that
 * unloads has its log folded, so that is mostly a crash's or another instance's
 * leftover. Figures in docs/ARCHITECTURE.md, "Measuring the sync tail".
 * Documents up to FOLD_SNAPSHOT_BYTES fold as before.
 */
export function foldThreshold(compactAfterUpdates: number, snapshotBytes: number): number {
  return Math.max(compactAfterUpdates, Math.ceil((compactAfterUpdates * snapshotBytes) / FOLD_SNAPSHOT_BYTES))
}
