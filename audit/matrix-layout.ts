// Which configurations each fault family is run on. The full cross product (4 persistence × 2
// replica counts × 2 coverage × 2 min-replicas × 2 master counts = 64 per family) is neither
// readable nor cheap, so each family gets its main table (persistence × replicas, on the runbook's
// 3 masters, full coverage yes, min-replicas 0) and, where the other axes change the answer, an
// "other axes" table that turns one of them at a time, for AOF everysec and for no persistence.
import { FAMILIES, PERSISTENCES, type Family, type MatrixConfig } from './matrix-families.ts';

export interface FamilyLayout { family: Family; main: MatrixConfig[]; other: MatrixConfig[] }

export const BASE: MatrixConfig = { persistence: 'aof-everysec', replicas: 1, masters: 3, fullCoverage: true, minReplicas: 0 };

/** Families whose other-axes table is run (the power-loss variants and recovery sub-scenarios only vary persistence). */
const WITH_OTHER_AXES = new Set(['s1-kill', 's2-kill', 's3-kill', 'rb-kill', 'd2-replica', 'd4-room', 'sb-minority']);

export function mainConfigs(): MatrixConfig[] {
  return PERSISTENCES.flatMap((persistence) => ([1, 2] as const).map((replicas) => ({ ...BASE, persistence, replicas })));
}

export function otherConfigs(): MatrixConfig[] {
  const out: MatrixConfig[] = [];
  for (const persistence of ['aof-everysec', 'none'] as const) {
    for (const turn of [{ fullCoverage: false }, { minReplicas: 1 as const }, { masters: 5 as const }]) {
      for (const replicas of [1, 2] as const) out.push({ ...BASE, persistence, replicas, ...turn });
    }
  }
  return out;
}

export function layout(families: Family[] = FAMILIES): FamilyLayout[] {
  return families.map((family) => ({ family, main: mainConfigs(), other: WITH_OTHER_AXES.has(family.id) ? otherConfigs() : [] }));
}
