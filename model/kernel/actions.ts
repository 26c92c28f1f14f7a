// Every action the reducer knows, named as what happened. Environment events come from traces;
// protocol events are scheduled by the nodes themselves in the agenda.
import type { NodeConfig } from './config.ts';
import type { NodeName } from './state.ts';
import type { BusMsg, FailoverMode } from '../cluster/messages.ts';
import type { ReplMsg } from '../replication/messages.ts';
import type { SentinelMsg } from '../sentinel/messages.ts';
import type { SimFailureMode } from '../sentinel/state.ts';

export type Action =
  // environment
  | { type: 'WriteIssued'; key?: string; node?: NodeName; wait?: { replicas: number; timeout: number }; px?: number }
  | { type: 'ProcessCrashed'; node: NodeName; power: boolean }
  | { type: 'ProcessRestarted'; node: NodeName }
  | { type: 'ProcessPaused'; node: NodeName }
  | { type: 'ProcessResumed'; node: NodeName }
  | { type: 'NetworkPartitioned'; groups: string[][] }
  | { type: 'NetworkHealed' }
  | { type: 'LinkDelayed'; from: string; to: string; ms: number }
  | { type: 'FsyncRequested'; node: NodeName }
  | { type: 'DiskSlowed'; node: NodeName; fsyncMs: number }
  | { type: 'ManualFailoverRequested'; node: NodeName; mode: FailoverMode }
  | { type: 'ConfigSet'; node: NodeName; set: Partial<NodeConfig> }
  // environment, standalone topologies (sentinel, replication)
  | { type: 'ReplicaofRequested'; node: NodeName; master: NodeName | null }
  | { type: 'ConfigFileEdited'; node: NodeName; set: Partial<NodeConfig> & { replicaof?: NodeName | null } }
  | { type: 'SentinelFailoverRequested'; node: NodeName }
  | { type: 'SentinelSimulateFailureRequested'; node: NodeName; mode: SimFailureMode }
  | { type: 'ClockJumped'; node: NodeName; jumpMs: number }
  // protocol
  | { type: 'ServerCron'; node: NodeName; boot: number }
  | { type: 'BusDelivered'; msg: BusMsg }
  | { type: 'BusConnected'; node: NodeName; peer: NodeName; link: number; boot: number }
  | { type: 'ReplDelivered'; msg: ReplMsg }
  | { type: 'ClientRequestDelivered'; wid: string; node: NodeName; redirects: number }
  | { type: 'ClientReplyDelivered'; wid: string; node: NodeName; reply: string; redirects: number }
  | { type: 'ClientTimedOut'; wid: string }
  | { type: 'WaitTimedOut'; wid: string; node: NodeName; boot: number }
  | { type: 'FsyncCompleted'; node: NodeName; boot: number }
  | { type: 'BgsaveCompleted'; node: NodeName; boot: number }
  | { type: 'ReplForkCompleted'; node: NodeName; boot: number }
  | { type: 'KernelWriteback'; node: NodeName }
  // Sentinel
  | { type: 'SentinelTimer'; node: NodeName; boot: number }
  | { type: 'SentinelDelivered'; msg: SentinelMsg }
  | { type: 'SentinelQueryTimedOut'; qid: number };

export type ActionType = Action['type'];
export type ActionOf<T extends ActionType> = Extract<Action, { type: T }>;
