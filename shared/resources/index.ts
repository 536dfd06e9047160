/**
 * Resource maths shared by main, the renderer and tests: quantities, the
 * accelerator table, effective pod requests, node and cluster capacity, and
 * device telemetry. Everything here is pure and deterministic.
 */

export * from './types';
export * from './quantity';
export * from './display';
export * from './accelerators';
export * from './node-accelerators';
export * from './requests';
export * from './availability';
export * from './capacity';
export * from './exposition';
export * from './metrics';
