// @marquee/domain: Marquee's pure core. No I/O, no clock, no environment: every input is an argument.
export * from './orders/index.ts';
export * from './catalog/index.ts';
export * from './random/index.ts';
export * from './projections/index.ts';
export * from './stored-views/index.ts';
export * from './events/index.ts';
export * from './clickstream/index.ts';
