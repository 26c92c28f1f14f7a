// A replica's connect that a partition swallows is retried as Linux retransmits a SYN; a connection
// whose peer process died unseen is reset by the peer's host (issue 15).
import { describe, expect, it } from 'vitest';
import type { ReplMsg } from '../model/replication/messages.ts';
import { run } from '../model/kernel/sim.ts';
import { parseTrace } from '../model/kernel/trace.ts';

const cutOffRestart = parseTrace({
  name: 'A restarts inside a partition; A1 connects before the heal', seed: 1, until: 20000,
  config: { masters: 3, replicasPerMaster: 1, appendonly: true },
  events: [
    { at: 0, type: 'writes', every: 50, until: 6000 },
    { at: 1500, type: 'crash', node: 'A' },
    { at: 1501, type: 'partition', groups: [['A']] },
    { at: 3000, type: 'restart', node: 'A' },
    { at: 3500, type: 'heal' },
  ],
});

describe('replication connects swallowed by a partition', () => {
  it('the SYN is retransmitted at +1 s and +2 s, and the one after the heal connects A1 to the restarted A', () => {
    const seen: Array<{ at: number; msg: ReplMsg }> = [];
    const s = run(cutOffRestart, { observe: (w, a) => { if (a.type === 'ReplDelivered' && a.msg.from === 'A1' && a.msg.to === 'A' && a.msg.body.type !== 'ack') seen.push({ at: w.now, msg: a.msg }); } });
    const syns = seen.filter((x) => x.msg.body.type === 'syn');
    expect(syns.length).toBe(3);
    const first = syns[0].msg.body.type === 'syn' ? syns[0].msg.body.sentAt : NaN;
    expect(syns.map((x) => x.at - first)).toEqual([1, 1001, 2001]); // latency 1 ms; RTO 1 s for the first five (tcp_syn_linear_timeouts 4)
    expect(new Set(syns.map((x) => x.msg.conn)).size).toBe(1); // one connect, retransmitted
    const sync = s.timeline.find((e) => e.node === 'A1' && e.event === 'full-sync-start');
    expect(sync?.from).toBe('A');
    expect(sync!.at - syns[2].at).toBeGreaterThanOrEqual(4000); // repl-diskless-sync-delay 5 s, whole seconds
    expect(sync!.at - syns[2].at).toBeLessThan(6100);
    expect(s.nodes.A1.repl.state).toBe('connected');
  });
});
