// Preload for a replica under the bench: NODE_OPTIONS refuses `--trace-gc`, so this turns it on from inside
// (`BENCH_PROJECTOR_NODE_OPTIONS="--import $PWD/services/projector/bench/trace-gc.ts"`); the fresh phase then
// prints the replica's GC pauses (tail-split.ts).
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--trace-gc');
