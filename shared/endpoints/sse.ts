/**
 * An incremental reader of server-sent events (the WHATWG `text/event-stream`
 * format): chunks may split lines and events anywhere, lines end in LF, CRLF
 * or CR, `data:` lines of one event join with LF, and a blank line ends the event.
 */

export interface ServerSentEvent {
  event: string;
  data: string;
  id?: string;
}

export interface SseReader {
  /** Feeds one chunk and returns the events it completed. */
  push(chunk: string): ServerSentEvent[];
  /** Ends the stream; an event without its blank line is dropped, as browsers do. */
  end(): void;
}

export function createSseReader(): SseReader {
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  let pendingCr = false;

  const dispatch = (out: ServerSentEvent[]): void => {
    if (data.length > 0) {
      out.push({ event: event || 'message', data: data.join('\n'), ...(id !== undefined ? { id } : {}) });
    }
    data = [];
    event = '';
  };

  const line = (text: string, out: ServerSentEvent[]): void => {
    if (text === '') {
      dispatch(out);
      return;
    }
    if (text.startsWith(':')) {
      return;
    }
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'data') {
      data.push(value);
    } else if (field === 'event') {
      event = value;
    } else if (field === 'id' && !value.includes('\0')) {
      id = value;
    }
  };

  return {
    push(chunk) {
      const out: ServerSentEvent[] = [];
      let text = chunk;
      // A CR at the end of the last chunk may be the first half of CRLF.
      if (pendingCr && text.startsWith('\n')) {
        text = text.slice(1);
      }
      pendingCr = false;
      buffer += text;
      let start = 0;
      for (let index = 0; index < buffer.length; index += 1) {
        const char = buffer[index];
        if (char !== '\n' && char !== '\r') {
          continue;
        }
        line(buffer.slice(start, index), out);
        if (char === '\r') {
          if (index + 1 < buffer.length) {
            if (buffer[index + 1] === '\n') {
              index += 1;
            }
          } else {
            pendingCr = true;
          }
        }
        start = index + 1;
      }
      buffer = buffer.slice(start);
      return out;
    },
    end() {
      buffer = '';
      data = [];
    },
  };
}
