// The parts of sentinelHandleRedisInstance in their order (sentinel.md 2.0), for one tick.
import type { State } from '../kernel/state.ts';
import type { SentinelProc } from './state.ts';
import { sentinelCheckTiltCondition, sentinelTiltExpired } from './sentinelCheckTiltCondition.ts';
import { sentinelReconnectInstance } from './sentinelReconnectInstance.ts';
import { sentinelSendPeriodicCommands } from './sentinelSendPeriodicCommands.ts';
import { sentinelCheckSubjectivelyDown } from './sentinelCheckSubjectivelyDown.ts';
import { sentinelCheckObjectivelyDown } from './sentinelCheckObjectivelyDown.ts';
import { sentinelStartFailoverIfNeeded } from './sentinelStartFailoverIfNeeded.ts';
import { sentinelAskMasterStateToOtherSentinels } from './sentinelAskMasterStateToOtherSentinels.ts';
import { sentinelFailoverStateMachine } from './sentinelFailoverStateMachine.ts';
import { sentinelFailoverSwitchToPromotedSlave } from './sentinelFailoverSwitchToPromotedSlave.ts';
import { mutations } from '../kernel/mutations.ts';

/** sentinelHandleDictOfRedisInstances over the one master, its replicas and its Sentinels. */
export function sentinelHandleDictOfRedisInstances(s: State, sen: SentinelProc): void {
  sentinelCheckTiltCondition(s, sen);
  const m = sen.master;
  sentinelHandleRedisInstance(s, sen, m.addr, true);
  // The replica and Sentinel tables are read as they are now: a master switch inside the tick
  // replaces them (sentinelResetMasterAndChangeAddress), and Redis walks the new dict then.
  for (const r of Object.keys(sen.master.slaves)) sentinelHandleRedisInstance(s, sen, r, false);
  for (const x of Object.keys(sen.master.sentinels)) sentinelHandleRedisInstance(s, sen, x, false);
  if (sen.master.failoverState === 'update_config') sentinelFailoverSwitchToPromotedSlave(s, sen);
}

/** sentinelHandleRedisInstance: monitoring for every instance; acting only for the master, out of TILT. */
function sentinelHandleRedisInstance(s: State, sen: SentinelProc, addr: string, isMaster: boolean): void {
  sentinelReconnectInstance(s, sen, addr);
  sentinelSendPeriodicCommands(s, sen, addr);
  if (sen.tilt && !sentinelTiltExpired(s, sen) && !mutations.sentinelActsInTilt) return;
  sentinelCheckSubjectivelyDown(s, sen, addr);
  if (!isMaster) return;
  sentinelCheckObjectivelyDown(s, sen);
  if (sentinelStartFailoverIfNeeded(s, sen)) sentinelAskMasterStateToOtherSentinels(s, sen, true);
  sentinelFailoverStateMachine(s, sen);
  sentinelAskMasterStateToOtherSentinels(s, sen, false);
}
