// A standalone redis.conf (and sentinel.conf) as the model's pinned configuration: one master M,
// replicas R1…Rn, and Sentinels S1…Sk when there is a sentinel.conf (model/kernel/config.ts).
import { DEFAULTS } from '../model/kernel/config.ts';
import type { StandalonePinnedConfig } from '../properties/generators.ts';
import type { Mapped } from './mapping.ts';
import type { SentinelMapped } from './sentinel-mapping.ts';
import type { StandaloneTopology } from './topology.ts';

/** The user's standalone deployment as the model's pinned configuration: M, R1…Rn (and S1…Sk). */
export function standaloneConfig(mapped: Mapped, t: StandaloneTopology, s?: SentinelMapped): StandalonePinnedConfig {
  const o = mapped.options;
  const minReplicasToWrite = o.minReplicasToWrite ?? DEFAULTS.minReplicasToWrite;
  const base: StandalonePinnedConfig = {
    ...o,
    topology: s ? 'sentinel' : 'replication',
    replicas: t.replicas,
    appendonly: o.appendonly ?? DEFAULTS.appendonly,
    save: o.save ?? DEFAULTS.save,
    minReplicasToWrite,
    ...(minReplicasToWrite ? { minReplicasMaxLag: o.minReplicasMaxLag ?? DEFAULTS.minReplicasMaxLag } : {}),
  };
  if (!s) return base;
  return {
    ...base,
    sentinels: t.sentinels,
    quorum: s.options.quorum ?? DEFAULTS.quorum,
    downAfterMilliseconds: s.options.downAfterMilliseconds ?? DEFAULTS.downAfterMilliseconds,
    failoverTimeout: s.options.failoverTimeout ?? DEFAULTS.failoverTimeout,
    parallelSyncs: s.options.parallelSyncs ?? DEFAULTS.parallelSyncs,
    masterRebootDownAfterPeriod: s.options.masterRebootDownAfterPeriod ?? DEFAULTS.masterRebootDownAfterPeriod,
  };
}

