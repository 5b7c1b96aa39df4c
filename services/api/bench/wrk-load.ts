// `pnpm bench reports --generator wrk`: the fixed-rate load of fixed-rate.lua, run by wrk (C, Debian's `wrk`
// package; the bench only, never CI). wrk spends a fraction of the CPU per request of a node generator, which on
// a 2-core machine is what leaves the API room to serve 20k req/s.
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('fixed-rate.lua', import.meta.url));

export interface WrkOptions {
  base: string;
  paths: readonly string[];
  /** Requests per second offered, in all. */
  rate: number;
  connections: number;
  threads: number;
  seconds: number;
}

export interface WrkResult {
  answered: number;
  seconds: number;
  non2xx: number;
  errors: number;
  /** Latency from the write (ms). */
  p50: number;
  p99: number;
  /** Sends that went out more than 1 ms after their slot, the p99 and worst lateness (ms). */
  sends: number;
  sentLate: number;
  p99LateMs: number;
  maxLateMs: number;
  /** CPU seconds wrk used. */
  cpuSeconds: number;
}

/** Whether `wrk` is on the PATH. */
export function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // `wrk --version` prints its usage and exits 1: it is there.
    return (err as { status?: number }).status === 1;
  }
}

export async function wrkLoad(o: WrkOptions): Promise<WrkResult> {
  const args = [
    `-t${o.threads}`,
    `-c${o.connections}`,
    `-d${o.seconds}s`,
    '--timeout',
    '5s',
    '-s',
    SCRIPT,
    o.base,
    '--',
    String(o.rate / o.threads),
    ...o.paths,
  ];
  // Through sh, whose `times` then prints the CPU its child (wrk) used: wrk's /proc entry is gone once it exits.
  const quoted = args.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
  const child = spawn('sh', ['-c', `wrk ${quoted} && times`], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const line = out.split('\n').find((l) => l.startsWith('{"requests"'));
  if (code !== 0 || line === undefined) throw new Error(`wrk failed (exit ${code}):\n${out}`);
  const r = JSON.parse(line) as Record<string, number>;
  // `times`: the shell's user and system time, then its children's ("0m1.23s 0m0.45s").
  const children = out.trim().split('\n').at(-1)!.split(' ');
  const seconds = (t: string) => {
    const [, m, s] = /(\d+)m([\d.]+)s/.exec(t) ?? [];
    return Number(m) * 60 + Number(s);
  };
  return {
    answered: r.requests!,
    seconds: r.durationUs! / 1e6,
    non2xx: r.non2xx!,
    errors: r.errors!,
    p50: r.p50Us! / 1000,
    p99: r.p99Us! / 1000,
    sends: r.sends!,
    sentLate: r.sentLate!,
    p99LateMs: r.p99LateMs!,
    maxLateMs: r.maxLateMs!,
    cpuSeconds: seconds(children[0]!) + seconds(children[1]!),
  };
}
