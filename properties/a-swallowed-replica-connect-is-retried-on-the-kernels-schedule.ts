// A replica's connect to a master it cannot reach (connectWithMaster's non-blocking connect, during
// a partition) is not retried by Redis but by the kernel: the SYN goes again about 1, 2, 3, 4 and 5 s
// after the first, then with a doubling timeout. So after a heal the replica's link waits for the next
// retransmission, up to a second or more, not for the heal itself.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { replicationFamilies, standaloneTraces } from './sentinel-generators.ts';
import { noted } from './lib.ts';
import { crashed, type Property, type Watch } from './property.ts';
import type { ActionOf } from '../model/kernel/actions.ts';

/**
 * Linux's SYN retransmissions, ms after the first SYN (tcp_syn_linear_timeouts 4, tcp_syn_retries 6,
 * kernel ≥ 6.7), as the timer wheel fires them: the mean of 8 connects measured by
 * conformance/labs/syn-retransmits.py on the conformance host.
 */
const LINUX_SYN_SCHEDULE = [1016, 2040, 3064, 4088, 5112, 7128, 11240, 19432, 35560, 67874];

/** Notes (scratch.bad) a retransmitted SYN that reaches the master's host off the kernel's schedule. */
export const watchSynRetransmits: Watch = (s, a, t, scratch) => {
  if (scratch.bad || a.type !== 'ReplDelivered') return;
  const m = (a as ActionOf<'ReplDelivered'>).msg;
  if (m.body.type !== 'syn' || m.body.retries === 0) return;
  const due = m.body.sentAt + LINUX_SYN_SCHEDULE[m.body.retries - 1] + s.config.latency;
  if (t !== due) scratch.bad = { at: t, msg: `${m.from}'s SYN to ${m.to} (first sent at ${m.body.sentAt}), retransmission ${m.body.retries}, arrives at ${t}, not at ${due}` };
};

export const property: Property = {
  name: 'a-swallowed-replica-connect-is-retried-on-the-kernels-schedule',
  claim: 'A replica\'s connect swallowed by a partition reaches the master only on Linux\'s SYN retransmissions: one latency after 1.016, 2.040, 3.064, 4.088, 5.112, 7.128, 11.24… s from the first SYN (this host\'s kernel, measured).',
  expectation: 'always',
  scope: 'replication: a master cut off from its replicas for longer than repl-timeout; cluster: replicas cut off from their master, minority partitions with replicas on either side',
  source: 'replication.c connectWithMaster (connConnect, non-blocking); Linux tcp_retransmit_timer for SYN_SENT (tcp_syn_linear_timeouts, tcp_syn_retries)',
  arbitrary: fc.oneof(standaloneTraces(replicationFamilies.masterCut()), traces(families.replicasCutOff()), traces(families.minorityPartition({ withReplicas: true }))),
  watch: watchSynRetransmits,
  check: (r) => crashed(r) ?? noted(r),
};
