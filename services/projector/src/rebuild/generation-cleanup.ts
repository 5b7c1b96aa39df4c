// Housekeeping around a generation: its view docs and its processor's leases. A rebuild wipes the target
// generation first (a build is always from scratch) and deletes the old one once no replica writes it.
import type { Container } from '@azure/cosmos';
import { deleteLeases, listLeases } from '@marquee/change-feed-processor';
import type { ViewKind } from '@marquee/domain';
import { hasStatus } from '@marquee/platform';
import { processorNameOf } from '../views/index.ts';

/** The lease container and the container the processors read (lease ids depend on it). */
export interface LeaseContainers {
  readonly leases: Container;
  readonly events: Container;
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
          if (!hasStatus(err, 404)) throw err;
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

function scopeOf(containers: LeaseContainers, view: ViewKind, generation: number) {
  return {
    leases: containers.leases,
    monitored: containers.events,
    processorName: processorNameOf(view, generation),
  };
}

export async function deleteGenerationLeases(
  containers: LeaseContainers,
  view: ViewKind,
  generation: number,
): Promise<number> {
  return deleteLeases(scopeOf(containers, view, generation));
}

/**
 * Waits until no instance holds a live lease of the generation's processor (each replica stopped it after
 * seeing the switch, or died and its lease expired). False when `timeoutMs` passed first.
 */
export async function waitUntilReleased(
  containers: LeaseContainers,
  view: ViewKind,
  generation: number,
  options: { leaseExpirationMs: number; timeoutMs: number; now?: () => number },
): Promise<boolean> {
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  for (;;) {
    const held = (await listLeases(scopeOf(containers, view, generation))).filter(
      (l) => l.owner !== null && l.owner !== '' && now() - l.timestamp <= options.leaseExpirationMs,
    );
    if (held.length === 0) return true;
    if (now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
