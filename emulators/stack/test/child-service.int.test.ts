import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { ChildService, type ChildServiceSpec, type UnexpectedExit } from '../src/child-service.ts';
import { freePort } from '../src/ports.ts';

const logger = pino({ level: 'silent' });

test(
  'a child that dies on its own after its start is reported; one asked to stop is not',
  { timeout: 10_000 },
  async () => {
    const exits: UnexpectedExit[] = [];
    let reported: () => void = () => undefined;
    const firstReport = new Promise<void>((resolve) => (reported = resolve));
    // A stand-in server: listens on its port until it is stopped or killed.
    const spec = async (name: string): Promise<ChildServiceSpec> => {
      const port = await freePort();
      return {
        name,
        command: process.execPath,
        args: ['-e', `require('node:net').createServer().listen(${port}, '127.0.0.1')`],
        port,
        onUnexpectedExit: (exit) => {
          exits.push(exit);
          reported();
        },
      };
    };
    const killed = await ChildService.start(await spec('killed'), logger);
    const stopped = await ChildService.start(await spec('stopped'), logger);
    await stopped.stop();
    process.kill(killed.pid ?? -1, 'SIGKILL');
    await firstReport;
    await killed.stop();
    assert.deepEqual(exits, [{ name: 'killed', code: null, signal: 'SIGKILL' }]);
  },
);
