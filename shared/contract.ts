/**
 * Typed channel groups shared by main and renderer. A contract names its
 * methods (request → Result) and streams (subscribe → pushed values) once;
 * main implements it, the renderer gets a proxy, and no channel string is
 * typed twice. Inputs carry a zod schema because main validates every payload.
 */
import type { z } from 'zod';
import type { AppError, Result } from './result';

export interface MethodSpec<I extends z.ZodType, O> {
  readonly kind: 'method';
  readonly input: I;
  /** Phantom carrier of the output type; never read at run time. */
  readonly output?: O;
}

export interface StreamSpec<I extends z.ZodType, E> {
  readonly kind: 'stream';
  readonly input: I;
  readonly event?: E;
}

// Any is the honest type for "some spec": the members are checked where used.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySpec = MethodSpec<z.ZodType, any> | StreamSpec<z.ZodType, any>;

export interface Contract<Specs extends Record<string, AnySpec> = Record<string, AnySpec>> {
  readonly name: string;
  readonly specs: Specs;
}

export function method<O>() {
  return <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ kind: 'method', input });
}

export function stream<E>() {
  return <I extends z.ZodType>(input: I): StreamSpec<I, E> => ({ kind: 'stream', input });
}

export function defineContract<const Name extends string, Specs extends Record<string, AnySpec>>(
  name: Name,
  specs: Specs,
): Contract<Specs> & { readonly name: Name } {
  return { name, specs };
}

export type Unsubscribe = () => void;

type MethodKeys<S> = { [K in keyof S]: S[K] extends MethodSpec<z.ZodType, unknown> ? K : never }[keyof S];
type StreamKeys<S> = { [K in keyof S]: S[K] extends StreamSpec<z.ZodType, unknown> ? K : never }[keyof S];

/** What the renderer holds: methods resolve to Results, streams call a listener until unsubscribed. */
export type ContractClient<C extends Contract> = {
  [K in MethodKeys<C['specs']>]: C['specs'][K] extends MethodSpec<infer I, infer O>
    ? (input: z.input<I>) => Promise<Result<O>>
    : never;
} & {
  [K in StreamKeys<C['specs']>]: C['specs'][K] extends StreamSpec<infer I, infer E>
    ? (input: z.input<I>, listener: (event: StreamEvent<E>) => void) => Unsubscribe
    : never;
};

/** A stream delivers values, or one terminal error after which it is closed. */
export type StreamEvent<E> = { type: 'value'; value: E } | { type: 'error'; error: AppError };

/** Who is calling: the transport fills this in after it has checked the sender. */
export interface CallContext {
  readonly transport: 'ipc' | 'websocket' | 'direct';
  readonly signal: AbortSignal;
}

export interface Disposable {
  dispose(): void;
}

/** What main implements: plain async functions that throw AppErrorException for expected failures. */
export type ContractImpl<C extends Contract> = {
  [K in MethodKeys<C['specs']>]: C['specs'][K] extends MethodSpec<infer I, infer O>
    ? (input: z.output<I>, context: CallContext) => Promise<O>
    : never;
} & {
  [K in StreamKeys<C['specs']>]: C['specs'][K] extends StreamSpec<infer I, infer E>
    ? (input: z.output<I>, emit: (event: E) => void, context: CallContext) => Disposable | Promise<Disposable>
    : never;
};

/** The wire name of one member, `group.member`; the only place channel strings are made. */
export function channelName(contract: Contract, member: string): string {
  return `${contract.name}.${member}`;
}
