export * from './generations.ts';
export * from './stored-doc.ts';
export * from './applied-position.ts';
export * from './batch-plan.ts';
