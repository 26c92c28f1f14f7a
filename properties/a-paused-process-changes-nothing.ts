// SIGSTOP stops the whole process: its event loop runs no timer and reads no socket until SIGCONT.
// The kernel still completes connects and buffers what arrives, but the process acts on none of it:
// its dataset, its replication state and its view of the cluster (links, pings, flags, epochs) stay
// exactly as they were from the pause to the resume.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { noted, noteFirstChange } from './lib.ts';
import { crashed, type Property, type Watch } from './property.ts';
import type { Node } from '../model/kernel/state.ts';
import { reachable } from '../model/kernel/net.ts';

/** What only the running process changes. */
function footprint(n: Node): string {
  const c = n.cluster;
  const peers = Object.entries(c.peers).map(([x, p]) => [x, p.link, p.linkPending, p.pingSent, p.pfail, p.fail, p.role, p.configEpoch]);
  return JSON.stringify([n.role, n.data.hist, n.data.pos, n.masterReplOffset, n.repl.state, n.repl.master, n.repl.reploff, c.currentEpoch, c.configEpoch, c.state, c.lastVoteEpoch, peers]);
}

/** The first change to a paused node, noted in scratch.bad; to a running node cut off from all others, in scratch.cutOff (no claim). */
export const watchThePaused: Watch = (s, _a, t, scratch) => {
  noteFirstChange(s, t, scratch, 'bad', 'paused', (n) => n.proc === 'paused', footprint);
  noteFirstChange(s, t, scratch, 'cutOff', 'cut off', (n) => n.proc === 'up' && Object.keys(s.nodes).every((x) => x === n.name || !reachable(s, n.name, x)), footprint);
};

export const property: Property = {
  name: 'a-paused-process-changes-nothing',
  claim: 'From SIGSTOP to SIGCONT a node\'s dataset, replication state and view of the cluster (links, pending pings, flags, roles, epochs) do not change.',
  expectation: 'always',
  scope: 'cluster: any node paused, masters paused past their failover, a node cut off and healed while it sleeps, mixed faults',
  source: 'design.md §3 (a paused process runs nothing until it resumes); ae.c (timers and file events run only in the event loop)',
  arbitrary: fc.oneof(traces(families.pauseResume()), traces(families.masterPause()), traces(families.sleepThroughHeal()), traces(families.mixed())),
  watch: watchThePaused,
  check: (r) => crashed(r) ?? noted(r),
};
