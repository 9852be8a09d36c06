/**
 * A `text/event-stream` parser for streams read with `fetch` (EventSource cannot send the
 * project header). Follows the HTML standard's event stream interpretation: lines end in
 * CRLF, LF or CR; `data` lines join with LF; an empty line dispatches; `:` starts a comment.
 */
export interface ServerSentEvent {
  /** `message` when the stream named none. */
  event: string;
  data: string;
  /** The last event id seen so far (sent back as Last-Event-ID on reconnect). */
  id: string | undefined;
}

export class EventStreamParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private started = false;
  lastEventId: string | undefined;
  /** The reconnection time the server asked for (`retry:`), in ms. */
  retry: number | undefined;

  /** Feeds decoded text; returns the events it completed. */
  push(text: string): ServerSentEvent[] {
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.buffer += text;
    const events: ServerSentEvent[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      // A CR at the end of the buffer may be the first half of a CRLF: wait for more.
      if (c === '\r' && i === this.buffer.length - 1) break;
      const line = this.buffer.slice(start, i);
      if (c === '\r' && this.buffer[i + 1] === '\n') i++;
      start = i + 1;
      const event = this.line(line);
      if (event) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private line(line: string): ServerSentEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
    return undefined;
  }

  private dispatch(): ServerSentEvent | undefined {
    const data = this.data;
    const event = this.event || 'message';
    this.data = [];
    this.event = '';
    if (data.length === 0) return undefined;
    return { event, data: data.join('\n'), id: this.lastEventId };
  }
}

/** Reads a response body as server-sent events until it ends or `signal` aborts. */
export async function* readEventStream(
  body: ReadableStream<Uint8Array>,
  parser = new EventStreamParser(),
): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    // An event still missing its blank line when the stream ends is discarded, as the standard says.
    yield* parser.push(decoder.decode());
  } finally {
    reader.releaseLock();
  }
}
