import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceProcess } from '@marquee/test-support';

test('a bad setting stops ingest at start with exit code 2 and a message naming every problem', async () => {
  const ingest = new ServiceProcess({
    service: 'ingest',
    env: {
      OPS_PORT: 'ninety',
      MAX_BATCH_SIZE: '0',
      START_POSITION: 'middle',
      EVENTHUB_TRY_TIMEOUT_MS: 'soon',
    },
  });
  const { code } = await ingest.exited;
  assert.equal(code, 2);
  const output = ingest.logs.join('\n');
  for (const name of ['OPS_PORT', 'MAX_BATCH_SIZE', 'START_POSITION', 'EVENTHUB_TRY_TIMEOUT_MS'])
    assert.match(output, new RegExp(name));
});
