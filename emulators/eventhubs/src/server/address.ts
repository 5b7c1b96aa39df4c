// Link addresses as the SDK writes them (see the wire protocol notes): pure parsing, no lookups.

export type ParsedAddress =
  | { kind: 'cbs' }
  | { kind: 'management' }
  | { kind: 'publish'; hub: string; partitionId: string | undefined }
  | { kind: 'consume'; hub: string; consumerGroup: string; partitionId: string }
  | { kind: 'invalid' };

/** Strips an optional `amqp[s]://host/` or `sb://host/` prefix and a leading slash. */
function entityPath(address: string): string {
  const withoutScheme = address.replace(/^(?:amqps?|sb):\/\/[^/]*/i, '');
  return withoutScheme.replace(/^\/+/, '').replace(/\/+$/, '');
}

export function parseAddress(address: unknown): ParsedAddress {
  if (typeof address !== 'string' || address.length === 0) return { kind: 'invalid' };
  const parts = entityPath(address).split('/');
  const [hub, a, b, c, d] = parts;
  if (!hub) return { kind: 'invalid' };
  if (parts.length === 1) {
    if (hub === '$cbs') return { kind: 'cbs' };
    if (hub === '$management') return { kind: 'management' };
    return { kind: 'publish', hub, partitionId: undefined };
  }
  if (parts.length === 2 && a === '$management') return { kind: 'management' };
  if (parts.length === 3 && a?.toLowerCase() === 'partitions' && b) {
    return { kind: 'publish', hub, partitionId: b };
  }
  if (
    parts.length === 5 &&
    a?.toLowerCase() === 'consumergroups' &&
    b &&
    c?.toLowerCase() === 'partitions' &&
    d
  ) {
    return { kind: 'consume', hub, consumerGroup: b, partitionId: d };
  }
  return { kind: 'invalid' };
}
