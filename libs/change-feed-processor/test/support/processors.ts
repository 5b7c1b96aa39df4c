// Building test processors with the fast intervals.
import type { Container } from '@azure/cosmos';
import {
  ChangeFeedProcessorBuilder,
  type ChangeFeedHandler,
  type ChangeFeedProcessor,
  type LatestVersionChange,
  type ProcessorOptions,
} from '../../src/index.ts';
import { FAST, quietLogger } from './stack.ts';

export function latestVersionProcessor(
  containers: { monitored: Container; leases: Container },
  instanceName: string,
  handler: ChangeFeedHandler<LatestVersionChange<{ id: string }>>,
  options: ProcessorOptions<'latestVersion'> = {},
  processorName = 'proj',
): ChangeFeedProcessor {
  return new ChangeFeedProcessorBuilder<{ id: string }>()
    .monitoredContainer(containers.monitored)
    .leaseContainer(containers.leases)
    .processorName(processorName)
    .instanceName(instanceName)
    .options({ ...FAST, logger: quietLogger, ...options })
    .handler(handler)
    .build();
}
