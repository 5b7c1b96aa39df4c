// The stored views contract (ids, generations, stored shape) lives in @marquee/domain; here is only what the
// projector adds: processor names, lease positions and the plan of one doc update.
export * from './processor-name.ts';
export * from './applied-position.ts';
export * from './batch-plan.ts';
