/**
 * Splits a watch response into lines. The API server writes one JSON event
 * per line, but a network read can end inside a line or inside a multi-byte
 * UTF-8 character, so both are carried over to the next chunk.
 */
import { StringDecoder } from 'node:string_decoder';

export interface LineDecoder {
  /** Returns the lines that this chunk completed, without their newlines. */
  push(chunk: Uint8Array): string[];
  /** Returns what is left after the last newline, when the stream ends without one. */
  end(): string[];
}

export function createLineDecoder(): LineDecoder {
  const decoder = new StringDecoder('utf8');
  let partial = '';

  const split = (text: string): string[] => {
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    return lines.filter((line) => line.trim() !== '');
  };

  return {
    push: (chunk) => split(partial + decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))),
    end: () => {
      const rest = (partial + decoder.end()).trim();
      partial = '';
      return rest === '' ? [] : [rest];
    },
  };
}
