// Patch conditions ("FROM c WHERE ...") evaluated against a single document.
import { runQuerySync } from './engine.ts';
import type { Doc } from '../store/types.ts';

export function evaluateCondition(condition: string, doc: Doc): boolean {
  return runQuerySync({ query: `SELECT VALUE 1 ${condition}` }, [doc]).length > 0;
}
