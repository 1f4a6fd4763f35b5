import { FLUSH_SIZE_BYTES, MAX_EVENTS_PER_BATCH } from '@veil/protocol/limits';

/** An rrweb event as the recorder buffers it (after the scrubber). */
export interface BufferedEvent {
  type: number;
  timestamp: number;
  data: unknown;
}

/** What a flush takes out of the buffer: the events' JSON texts, in order, and their time span. */
export interface BufferedBatch {
  parts: string[];
  firstTs: number;
  lastTs: number;
}

/**
 * Events waiting for the next batch, each kept as its JSON text, so the buffer knows its real
 * size as it grows and a batch forms at FLUSH_SIZE_BYTES of JSON — not at a guess per node,
 * which formed a batch every few hundred added nodes. Serializing each event when it arrives
 * costs what serializing the batch at flush did (the same bytes are written once), spread out.
 */
export class EventBuffer {
  #parts: string[] = [];
  #bytes = 0;
  #firstTs = 0;
  #lastTs = 0;

  get length(): number {
    return this.#parts.length;
  }

  /** Adds an event; answers whether the buffer is now full (a batch should form). */
  add(event: BufferedEvent): boolean {
    const json = JSON.stringify(event);
    if (this.#parts.length === 0) this.#firstTs = event.timestamp;
    this.#lastTs = event.timestamp;
    this.#parts.push(json);
    // UTF-16 units, +1 for the comma: the JSON's byte size for ASCII, close enough otherwise.
    this.#bytes += json.length + 1;
    // One event less than the server's cap leaves room for the gap marker a batch may carry.
    return this.#bytes >= FLUSH_SIZE_BYTES || this.#parts.length >= MAX_EVENTS_PER_BATCH - 1;
  }

  /** Empties the buffer, answering what it held (null when empty). */
  take(): BufferedBatch | null {
    if (this.#parts.length === 0) return null;
    const batch = { parts: this.#parts, firstTs: this.#firstTs, lastTs: this.#lastTs };
    this.clear();
    return batch;
  }

  clear(): void {
    this.#parts = [];
    this.#bytes = 0;
  }
}

/**
 * The batch body `{"v":1,"sessionId":…,"seq":…,"userId":…,"events":[…]}`, built from the
 * events' JSON texts without parsing or serializing them again.
 */
export function batchJson(head: { sessionId: string; seq: number; userId: string | null }, parts: readonly string[]): string {
  const open = JSON.stringify({ v: 1, sessionId: head.sessionId, seq: head.seq, userId: head.userId, events: [] });
  return `${open.slice(0, -2)}${parts.join(',')}]}`;
}
