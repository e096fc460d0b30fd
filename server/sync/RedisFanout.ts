import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'

/** What one instance tells the others about a document. */
export type FanoutKind = 'update' | 'awareness' | 'awareness-query' | 'changed'

const KIND_BYTE: Record<FanoutKind, number> = { update: 1, awareness: 2, 'awareness-query': 3, changed: 4 }
const BYTE_KIND = new Map(Object.entries(KIND_BYTE).map(([kind, byte]) => [byte, kind as FanoutKind]))
/** Bytes of an instance id at the start of every message (after the kind byte). */
const INSTANCE_BYTES = 16

export interface FanoutListener {
  /**
   * Another instance committed `payload` (kind 'update'), or changed presence, or asks for
   * it; or (kind 'changed', on the workspace channel, empty payload) changed the document.
   */
  received(documentId: string, kind: FanoutKind, payload: Uint8Array): void
  /**
   * Messages may have been missed (the connection to Redis was lost and is back):
   * every document this instance serves must catch up from the database.
   */
  resubscribed(): void
  /**
   * Another instance changed access (a role, a revocation): this one's open sockets
   * are checked again now rather than at its next poll of the access revision.
   */
  accessChanged(): void
}

export interface RedisFanoutOptions {
  /** redis://… (VARIORUM_REDIS_URL). */
  url: string
  /** Prefix of every channel: several workspaces (or test runs) may share one Redis. */
  prefix: string
  log: (line: string) => void
}

/** Redis cannot be reached when the server starts: it does not start (docs/DEPLOY.md). */
export class FanoutUnavailableError extends Error {}

/**
 * Fan-out between server instances on one PostgreSQL database, through Redis
 * pub/sub (issue #16; the choice is argued in docs/ARCHITECTURE.md, Scale-out):
 * one channel per document, `<prefix>:doc:<id>`, subscribed while the document is
 * loaded here. A message is a kind byte, the sender's instance id (its own
 * messages are ignored) and the payload: a Yjs update already committed to the
 * database, or an awareness update. One more channel, `<prefix>:changed`, always
 * subscribed, carries the ids of documents changed on some instance (`announceChanged`),
 * for instances that do not have them loaded. Pub/sub keeps nothing, so whenever the
 * subscription was interrupted the listener is told to catch up from the
 * database (`resubscribed`), which holds every committed update.
 */
export class RedisFanout {
  private readonly instance = randomBytes(INSTANCE_BYTES)
  private readonly channels = new Set<string>()
  private readonly changesChannel: string
  private listener: FanoutListener | null = null
  private lost = false
  private closed = false

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly options: RedisFanoutOptions,
  ) {
    this.changesChannel = `${options.prefix}:changed`
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel.toString(), message))
    for (const connection of [publisher, subscriber]) {
      // Errors are reported through the connection's state ('close', 'ready'); an
      // unhandled 'error' event would end the process.
      connection.on('error', () => {})
      connection.on('close', () => this.connectionLost())
    }
    for (const connection of [publisher, subscriber]) connection.on('ready', () => void this.connectionBack())
  }

  /**
   * Connects both Redis connections; rejects with FanoutUnavailableError when
   * Redis cannot be reached within `connectTimeoutMs`. Afterwards lost connections
   * are retried every second or two for ever.
   */
  static async open(options: RedisFanoutOptions, connectTimeoutMs = 5000): Promise<RedisFanout> {
    const connect = () =>
      new Redis(options.url, {
        lazyConnect: true,
        connectTimeout: connectTimeoutMs,
        // Nothing queued while disconnected: a missed publish is caught up from the database.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        autoResubscribe: false,
        retryStrategy: (attempt) => Math.min(250 * attempt, 2000),
      })
    const publisher = connect()
    const subscriber = connect()
    // Until the fan-out listens itself: a refused connection must not be an unhandled 'error' event;
    // the first error says why better than the rejection ("Connection is closed").
    let firstError: Error | null = null
    for (const connection of [publisher, subscriber]) connection.on('error', (error: Error) => void (firstError ??= error))
    try {
      await Promise.all([publisher.connect(), subscriber.connect()])
    } catch (error) {
      publisher.disconnect()
      subscriber.disconnect()
      const why = (firstError ?? error) as Error
      throw new FanoutUnavailableError(`cannot reach Redis at ${redactRedisUrl(options.url)}: ${why.message}`)
    }
    const fanout = new RedisFanout(publisher, subscriber, options)
    try {
      await subscriber.subscribe(fanout.accessChannel)
    } catch {
      // Lost meanwhile: connectionBack subscribes it again.
    }
    return fanout
  }

  /** Whether both connections are up (the readiness endpoint). */
  get connected(): boolean {
    return this.publisher.status === 'ready' && this.subscriber.status === 'ready'
  }

  listen(listener: FanoutListener): void {
    this.listener = listener
  }

  /** Starts hearing which documents other instances changed (kind 'changed'); resubscribed like a document's channel. */
  async watchChanges(): Promise<void> {
    if (this.channels.has(this.changesChannel)) return
    this.channels.add(this.changesChannel)
    try {
      await this.subscriber.subscribe(this.changesChannel)
    } catch {
      // Down: connectionBack subscribes it with the others.
    }
  }

  /** Tells every other instance that `documentId` changed (best effort, like `publish`). */
  announceChanged(documentId: string): void {
    this.send(this.changesChannel, 'changed', new TextEncoder().encode(documentId))
  }

  /**
   * Starts hearing `documentId`'s messages. Resolves once subscribed, or at once
   * when Redis is down (the subscription is made, and the document caught up,
   * when it is back).
   */
  async join(documentId: string): Promise<void> {
    const channel = this.channel(documentId)
    if (this.channels.has(channel)) return
    this.channels.add(channel)
    try {
      await this.subscriber.subscribe(channel)
    } catch {
      // Down: connectionBack subscribes every channel of `channels`.
    }
  }

  leave(documentId: string): void {
    const channel = this.channel(documentId)
    if (!this.channels.delete(channel)) return
    this.subscriber.unsubscribe(channel).catch(() => {})
  }

  /** Tells the other instances; a message that cannot be sent now is dropped (they catch up from the database). */
  publish(documentId: string, kind: FanoutKind, payload: Uint8Array): void {
    this.send(this.channel(documentId), kind, payload)
  }

  private send(channel: string, kind: FanoutKind, payload: Uint8Array): void {
    if (this.closed || this.publisher.status !== 'ready') return
    const message = Buffer.allocUnsafe(1 + INSTANCE_BYTES + payload.length)
    message[0] = KIND_BYTE[kind]
    this.instance.copy(message, 1)
    message.set(payload, 1 + INSTANCE_BYTES)
    this.publisher.publish(channel, message).catch(() => {})
  }

  /** Tells the other instances that access changed here (AccessService's change listeners). */
  publishAccessChanged(): void {
    if (this.closed || this.publisher.status !== 'ready') return
    this.publisher.publish(this.accessChannel, this.instance).catch(() => {})
  }

  async close(): Promise<void> {
    this.closed = true
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()])
  }

  private channel(documentId: string): string {
    return `${this.options.prefix}:doc:${documentId}`
  }

  /** One channel for the whole workspace: access changes are rare and concern any document. */
  private get accessChannel(): string {
    return `${this.options.prefix}:access`
  }

  private onMessage(channel: string, message: Buffer): void {
    if (channel === this.accessChannel) {
      if (!this.instance.equals(message)) this.listener?.accessChanged()
      return
    }
    const prefix = `${this.options.prefix}:doc:`
    if (message.length < 1 + INSTANCE_BYTES) return
    const kind = BYTE_KIND.get(message[0])
    if (!kind || this.instance.equals(message.subarray(1, 1 + INSTANCE_BYTES))) return
    const payload = new Uint8Array(message.buffer, message.byteOffset + 1 + INSTANCE_BYTES, message.length - 1 - INSTANCE_BYTES)
    if (channel === this.changesChannel) {
      if (kind === 'changed') this.listener?.received(Buffer.from(payload).toString('utf8'), kind, new Uint8Array(0))
      return
    }
    if (!channel.startsWith(prefix) || kind === 'changed') return
    this.listener?.received(channel.slice(prefix.length), kind, payload)
  }

  private connectionLost(): void {
    if (this.closed || this.lost) return
    this.lost = true
    this.options.log('fan-out: the connection to Redis was lost; serving this instance\'s clients only until it is back')
  }

  /** Subscribed again after a loss: every channel, then the listener catches up what was missed. */
  private async connectionBack(): Promise<void> {
    if (this.closed || !this.lost || !this.connected) return
    try {
      await this.subscriber.subscribe(this.accessChannel, ...this.channels)
    } catch {
      return // Lost again; the next 'ready' tries once more.
    }
    this.lost = false
    this.options.log(`fan-out: Redis is back; catching up ${this.channels.size} document(s) from the database`)
    this.listener?.resubscribed()
  }
}

/** The address without its password, for messages. */
export function redactRedisUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:…@')
}
