// A Sentinel starts again from its sentinel.conf alone (1.7): its myid, the monitor address, the
// epochs (config, current, and leader — not whom it voted for), its known replicas and Sentinels;
// no SDOWN/ODOWN, no failover state, failover_start_time 0, fresh links with act_ping_time = now.
import type { State } from '../../kernel/state.ts';
import { schedule } from '../../kernel/agenda.ts';
import { record } from '../../kernel/timeline.ts';
import type { MasterRecord, SentinelProc } from '../state.ts';
import { createInstanceLink, createReplicaRecord, createSentinelRecord } from '../instances.ts';
import { mstime } from '../mstime.ts';
import { sentinelPhase } from '../init.ts';
import { mutations } from '../../kernel/mutations.ts';
import { setIncarnation } from '../../kernel/net.ts';

export function sentinelRestarted(s: State, sen: SentinelProc): void {
  if (sen.proc !== 'down') return;
  sen.proc = 'up';
  sen.bootedAt = s.now;
  setIncarnation(s, sen.idx, s.now);
  const now = mstime(s, sen);
  const conf = sen.conf;
  sen.myid = conf.myid;
  sen.currentEpoch = conf.currentEpoch;
  // initSentinel: not in TILT, previous_time = now.
  sen.tilt = false;
  sen.tiltStartTime = 0;
  sen.previousTime = now;
  sen.cronloops = 0;
  sen.timerHeld = false;
  delete sen.simFailure; // simfailure_flags = SENTINEL_SIMFAILURE_NONE
  sen.master = masterFromConf(s, sen, now);
  record(s, sen.name, 'restart', { detail: `sentinel.conf: monitor ${conf.addr}, current-epoch ${conf.currentEpoch}, config-epoch ${conf.configEpoch}` });
  schedule(s, s.now + 1 + sentinelPhase(s.seed, sen.name), { type: 'SentinelTimer', node: sen.name, boot: sen.bootedAt });
}

/** sentinelHandleConfiguration: the `sentinel monitor` record and its known-replica / known-sentinel lines. */
function masterFromConf(s: State, sen: SentinelProc, now: number): MasterRecord {
  const c = s.config;
  const conf = sen.conf;
  const m: MasterRecord = {
    name: sen.master.name, addr: conf.addr, quorum: c.quorum, downAfterPeriod: c.downAfterMilliseconds, failoverTimeout: c.failoverTimeout,
    parallelSyncs: c.parallelSyncs, masterRebootDownAfterPeriod: c.masterRebootDownAfterPeriod, configEpoch: conf.configEpoch,
    leader: null, leaderEpoch: mutations.sentinelVoteForgottenOnRestart ? 0 : conf.leaderEpoch, sdown: false, odown: false, failoverInProgress: false, forceFailover: false, masterReboot: false,
    sDownSinceTime: 0, oDownSinceTime: 0, runid: null, roleReported: 'master', roleReportedTime: now, infoRefresh: 0, masterRebootSinceTime: 0,
    failoverState: 'none', failoverEpoch: 0, failoverStartTime: 0, failoverStateChangeTime: 0, promotedSlave: null,
    slaves: {}, sentinels: {}, lastPubTime: now, link: createInstanceLink(now),
  };
  for (const r of conf.knownReplicas) m.slaves[r] = createReplicaRecord(r, now);
  for (const x of conf.knownSentinels) m.sentinels[x.addr] = createSentinelRecord(x.addr, x.runid, now);
  return m;
}
