// Housekeeping around a generation: its view docs and its processor's leases. A rebuild wipes the target
// generation first (a build is always from scratch) and deletes the old one once no replica writes it.
import type { Container } from '@azure/cosmos';
import type { ViewKind } from '@marquee/domain';
import { processorNameOf } from '../views/index.ts';

interface LeaseLike {
  id: string;
  owner: string | null;
  timestamp: number;
}

async function deleteAll(container: Container, ids: readonly string[]): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < ids.length; i += 50) {
    await Promise.all(
      ids.slice(i, i + 50).map(async (id) => {
        try {
          await container.item(id, id).delete();
          deleted += 1;
        } catch (err) {
          if ((err as { code?: unknown }).code !== 404) throw err;
        }
      }),
    );
  }
  return deleted;
}

/** Deletes every stored doc of one generation of one view. */
export async function deleteGenerationDocs(
  views: Container,
  view: ViewKind,
  generation: number,
): Promise<number> {
  const { resources } = await views.items
    .query<string>({
      query: 'SELECT VALUE c.id FROM c WHERE c.kind = @kind AND c.generation = @generation',
      parameters: [
        { name: '@kind', value: view },
        { name: '@generation', value: generation },
      ],
    })
    .fetchAll();
  return deleteAll(views, resources);
}

async function leasesOf(leases: Container, view: ViewKind, generation: number): Promise<LeaseLike[]> {
  const { resources } = await leases.items
    .query<LeaseLike>({
      query: 'SELECT c.id, c.owner, c.timestamp FROM c WHERE c.processorName = @name',
      parameters: [{ name: '@name', value: processorNameOf(view, generation) }],
    })
    .fetchAll();
  return resources;
}

export async function deleteGenerationLeases(
  leases: Container,
  view: ViewKind,
  generation: number,
): Promise<number> {
  return deleteAll(
    leases,
    (await leasesOf(leases, view, generation)).map((l) => l.id),
  );
}

/**
 * Waits until no instance holds a live lease of the generation's processor (each replica stopped it after
 * seeing the switch, or died and its lease expired). False when `timeoutMs` passed first.
 */
export async function waitUntilReleased(
  leases: Container,
  view: ViewKind,
  generation: number,
  options: { leaseExpirationMs: number; timeoutMs: number; now?: () => number },
): Promise<boolean> {
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  for (;;) {
    const held = (await leasesOf(leases, view, generation)).filter(
      (l) => l.owner !== null && l.owner !== '' && now() - l.timestamp <= options.leaseExpirationMs,
    );
    if (held.length === 0) return true;
    if (now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
