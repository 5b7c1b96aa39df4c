// The emulator's stand-in for the portal's and the CLI's region controls (`az cosmosdb failover-priority-change`,
// an outage): served on the global endpoint only, under a path no Cosmos resource can have.
//   GET  /_emulator/regions                 → { writeRegion, regions: [{ name, online }] }
//   POST /_emulator/regions/<name>          { "online": false, "failoverAfterMs": 2000 }   (outage, or back)
//   POST /_emulator/failover                { "writeRegion": "Region 2" }                    (manual failover)
import { badRequest, CosmosError } from './errors.ts';
import type { Reply, RequestContext } from './context.ts';
import type { AccountRegions } from './regions.ts';

export const CONTROL_SEGMENT = '_emulator';

function state(regions: AccountRegions): Reply {
  const list = regions.names.map((name) => ({ name, online: regions.isOnline(name) }));
  return { status: 200, body: { writeRegion: regions.writeRegion, regions: list } };
}

export async function controlRoute(regions: AccountRegions, ctx: RequestContext): Promise<Reply> {
  const [, what, name] = ctx.segments;
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  try {
    if (what === 'regions' && name === undefined && ctx.method === 'GET') return state(regions);
    if (what === 'regions' && name !== undefined && ctx.method === 'POST') {
      if (typeof body.online !== 'boolean') throw badRequest('"online" must be true or false');
      const after = body.failoverAfterMs;
      if (after !== undefined && (typeof after !== 'number' || !(after >= 0)))
        throw badRequest('"failoverAfterMs" must be a number >= 0');
      await regions.setOnline(name, body.online, after);
      return state(regions);
    }
    if (what === 'failover' && ctx.method === 'POST') {
      if (typeof body.writeRegion !== 'string') throw badRequest('"writeRegion" must name a region');
      regions.failover(body.writeRegion);
      return state(regions);
    }
  } catch (err) {
    if (err instanceof RangeError) throw badRequest(err.message);
    throw err;
  }
  throw new CosmosError(404, `Unknown emulator control: /${ctx.segments.join('/')}`);
}
