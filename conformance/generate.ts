// Short generated traces with fixed seeds: 3 masters × 1 replica, nodeTimeout 2000, writes every
// 20–50 ms for 10–20 s, and one or two faults among crash / restart / pause / resume / failover.
import { parseTrace, type Trace } from '../model/trace.ts';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generated(count = 20): Trace[] {
  const out: Trace[] = [];
  for (let seed = 1; seed <= count; seed++) {
    const r = mulberry32(seed * 7919);
    const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
    const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
    const len = int(10, 20) * 1000;
    const every = int(20, 50);
    const appendonly = r() < 0.5;
    const events: any[] = [{ at: 0, type: 'writes', every, until: len }];
    const kind = pick(['crash-master', 'crash-restart-fast', 'crash-replica', 'pause-short', 'pause-long', 'failover', 'failover-force', 'failover-takeover', 'crash-master-failover-back']);
    const m = pick(['A', 'B', 'C']);
    const at = int(2, 4) * 1000 + int(0, 999);
    const parts: string[] = [];
    switch (kind) {
      case 'crash-master': events.push({ at, type: 'crash', node: m }, { at: at + int(5000, 8000), type: 'restart', node: m }); break;
      case 'crash-restart-fast': events.push({ at, type: 'crash', node: m }, { at: at + int(300, 1200), type: 'restart', node: m }); break;
      case 'crash-replica': events.push({ at, type: 'crash', node: `${m}1` }, { at: at + int(1000, 5000), type: 'restart', node: `${m}1` }); break;
      case 'pause-short': events.push({ at, type: 'pause', node: m }, { at: at + int(300, 1200), type: 'resume', node: m }); break;
      case 'pause-long': events.push({ at, type: 'pause', node: m }, { at: at + int(5000, 7000), type: 'resume', node: m }); break;
      case 'failover': events.push({ at, type: 'failover', node: `${m}1` }); break;
      case 'failover-force': events.push({ at, type: 'failover', node: `${m}1`, mode: 'force' }); break;
      case 'failover-takeover': events.push({ at, type: 'failover', node: `${m}1`, mode: 'takeover' }); break;
      case 'crash-master-failover-back': events.push({ at, type: 'crash', node: m }, { at: at + 6000, type: 'restart', node: m }); break;
    }
    if (kind === 'crash-master-failover-back') events.push({ at: at + 9000, type: 'failover', node: m });
    events.sort((a, b) => a.at - b.at);
    parts.push(kind, m, appendonly ? 'AOF' : 'no AOF');
    const last = events.reduce((x, e) => Math.max(x, e.type === 'writes' ? e.until : e.at), 0);
    out.push(parseTrace({
      name: `gen-${String(seed).padStart(2, '0')}: ${parts.join(', ')}, writes every ${every} ms`,
      config: { masters: 3, replicasPerMaster: 1, nodeTimeout: 2000, appendonly },
      seed, events, until: Math.max(len, last) + 10000,
    }));
  }
  return out;
}
