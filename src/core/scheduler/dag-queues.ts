/**
 * The executor's queues of node indices. ReadyQueue: every node in the order it became ready,
 * with its ready position (the FIFO order across groups). GroupSlots: how many nodes of each
 * group run against its limit. DeferredQueues: ready nodes passed over because their group was
 * full, one FIFO per group, handed back earliest-ready first once their group has room.
 * Each operation is O(1) except takeEarliest, O(groups with waiting nodes).
 */

export const NONE = -1

export class ReadyQueue {
  private readonly order: Int32Array
  private readonly positions: Int32Array
  private head = 0
  private tail = 0

  constructor(size: number) {
    this.order = new Int32Array(size)
    this.positions = new Int32Array(size)
  }

  push(v: number): void {
    this.positions[v] = this.tail
    this.order[this.tail++] = v
  }

  /** The next ready node, or NONE. */
  shift(): number {
    return this.head < this.tail ? (this.order[this.head++] ?? NONE) : NONE
  }

  /** When v became ready, relative to the others (smaller is earlier). */
  position(v: number): number {
    return this.positions[v] ?? 0
  }
}

export class GroupSlots {
  private readonly running: Int32Array

  constructor(private readonly limits: readonly number[]) {
    this.running = new Int32Array(limits.length)
  }

  hasRoom(group: number): boolean {
    return (this.running[group] ?? 0) < (this.limits[group] ?? 0)
  }

  take(group: number): void {
    this.running[group] = (this.running[group] ?? 0) + 1
  }

  release(group: number): void {
    this.running[group] = (this.running[group] ?? 0) - 1
  }
}

/** One group's passed-over nodes; `head` walks the list so shifting stays O(1). */
class GroupQueue {
  readonly items: number[] = []
  head = 0

  constructor(readonly group: number) {}

  get empty(): boolean {
    return this.head === this.items.length
  }

  peek(): number {
    return this.items[this.head] ?? NONE
  }

  shift(): number {
    return this.items[this.head++] ?? NONE
  }
}

export class DeferredQueues {
  private readonly byGroup: (GroupQueue | undefined)[]
  /** The groups that have waiting nodes. */
  private readonly waiting: GroupQueue[] = []

  constructor(groups: number) {
    this.byGroup = new Array<GroupQueue | undefined>(groups)
  }

  get any(): boolean {
    return this.waiting.length > 0
  }

  defer(group: number, v: number): void {
    let queue = this.byGroup[group]
    if (queue === undefined) {
      queue = new GroupQueue(group)
      this.byGroup[group] = queue
    }
    if (queue.empty) {
      queue.items.length = 0
      queue.head = 0
      this.waiting.push(queue)
    }
    queue.items.push(v)
  }

  /** The earliest-ready waiting node whose group has room, or NONE. */
  takeEarliest(slots: GroupSlots, ready: ReadyQueue): number {
    let best: GroupQueue | undefined
    let bestPosition = Number.POSITIVE_INFINITY
    let bestAt = NONE
    for (let i = 0; i < this.waiting.length; i++) {
      const queue = this.waiting[i]
      if (queue === undefined || !slots.hasRoom(queue.group)) continue
      const position = ready.position(queue.peek())
      if (position < bestPosition) {
        best = queue
        bestPosition = position
        bestAt = i
      }
    }
    if (best === undefined) return NONE
    const v = best.shift()
    if (best.empty) this.removeWaitingAt(bestAt)
    return v
  }

  private removeWaitingAt(i: number): void {
    const last = this.waiting.pop()
    if (last !== undefined && i < this.waiting.length) this.waiting[i] = last
  }
}
