/**
 * The message protocol that both transports carry: Electron IPC and the
 * browser mode's loopback WebSocket. Ids are chosen by the client and unique
 * per connection; a stream lives from `subscribe` until `unsubscribe`, a
 * terminal error event, or the connection's end.
 */
import { z } from 'zod';
import type { StreamEvent } from './contract';
import type { Result } from './result';

/** Longest channel name accepted, well above `group.member` of any contract. */
const MAX_CHANNEL = 128;

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), id: z.number().int().nonnegative(), channel: z.string().max(MAX_CHANNEL), input: z.unknown().optional() }),
  z.object({ type: z.literal('subscribe'), id: z.number().int().nonnegative(), channel: z.string().max(MAX_CHANNEL), input: z.unknown().optional() }),
  z.object({ type: z.literal('unsubscribe'), id: z.number().int().nonnegative() }),
]);

export type ClientMessage = z.infer<typeof clientMessageSchema>;

export type ServerMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; id: number; event: StreamEvent<unknown> };

/** The client end of a transport: whatever carries messages to main and back. */
export interface ClientPort {
  send(message: ClientMessage): void;
  /** Registers the one receiver of server messages. */
  onMessage(receiver: (message: ServerMessage) => void): void;
}
