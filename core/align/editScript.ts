import type { EditSink } from './myersDiff'

export const OP_EQUAL = 0
export const OP_DELETE = 1
export const OP_INSERT = 2

/**
 * A token-level edit script: runs of equal, deleted (A only) and inserted (B only)
 * tokens, in order. Adjacent runs of the same kind are merged as they arrive.
 */
export class EditScript implements EditSink {
  readonly kinds: number[] = []
  readonly lengths: number[] = []

  push(kind: number, n: number): void {
    if (n <= 0) return
    const last = this.kinds.length - 1
    if (last >= 0 && this.kinds[last] === kind) this.lengths[last] += n
    else {
      this.kinds.push(kind)
      this.lengths.push(n)
    }
  }

  equal(n: number): void { this.push(OP_EQUAL, n) }
  remove(n: number): void { this.push(OP_DELETE, n) }
  add(n: number): void { this.push(OP_INSERT, n) }
}
