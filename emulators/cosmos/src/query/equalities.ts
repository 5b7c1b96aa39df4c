// The equalities on top-level properties that a WHERE clause requires of every result: `c.type = 'Rated'`,
// `@kind = c["kind"]`, `c.type IN ('A', 'B')`, alone or as terms of an AND (a row is a result only when its
// WHERE is true, and an AND is true only when each term is). The store may then scan only the documents an
// index lists for those values; the whole WHERE still runs on each of them.
import { isScalar, type Scalar } from '../store/equality-index.ts';
import type { Node } from './expressions.ts';
import type { Equality } from './source.ts';

/** The top-level property `node` reads of the scanned document (binding 0: `c.type`, `c["type"]`), if any. */
function rootProperty(node: Node, names: readonly string[]): string | undefined {
  if (node.type !== 'scalar_member_expression') return undefined;
  const object = node.object as Node;
  const property = node.property as Node;
  // A JOIN alias of the same name would hide the document (the last binding of a name wins).
  if (object.type !== 'identifier' || names.lastIndexOf(String(object.name)) !== 0) return undefined;
  if (!node.computed) return String(property.name);
  return property.type === 'string_constant' ? String(property.value) : undefined;
}

/** The scalar a constant or parameter stands for (`undefined` when it is not one). */
function constant(node: Node, params: Record<string, unknown>): Scalar | undefined {
  switch (node.type) {
    case 'string_constant':
    case 'number_constant':
    case 'boolean_constant':
      return isScalar(node.value) ? node.value : undefined;
    case 'null_constant':
      return null;
    case 'parameter_name': {
      const value = params[String(node.name).slice(1)];
      return isScalar(value) ? value : undefined;
    }
    default:
      return undefined;
  }
}

export function requiredEqualities(
  condition: Node,
  names: readonly string[],
  params: Record<string, unknown>,
): Equality[] {
  const out: Equality[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'scalar_binary_expression' && node.operator === 'AND') {
      visit(node.left as Node);
      visit(node.right as Node);
    } else if (node.type === 'scalar_binary_expression' && node.operator === '=') {
      const [left, right] = [node.left as Node, node.right as Node];
      for (const [side, other] of [
        [left, right],
        [right, left],
      ] as const) {
        const field = rootProperty(side, names);
        const value = constant(other, params);
        if (field !== undefined && value !== undefined) {
          out.push({ field, values: [value] });
          return;
        }
      }
    } else if (node.type === 'scalar_in_expression') {
      const field = rootProperty(node.value as Node, names);
      const values = (node.list as Node[]).map((n) => constant(n, params));
      // IN compares with SameValueZero, which for scalars is the index's Map key equality.
      if (field !== undefined && values.every((v) => v !== undefined)) {
        out.push({ field, values });
      }
    }
  };
  visit(condition);
  return out;
}
