// Node names that scale: masters A…Z, then AA, AB… (spreadsheet columns), replicas the master's
// name and a number (A1, AA1, GR2). Every name of a ≤ 26-master cluster is the runbooks' own.

/** The name of master number i (0-based): A…Z, AA…AZ, BA…, ZZ, AAA… */
export function masterName(i: number): string {
  let out = '';
  for (let k = i + 1; k > 0; k = Math.floor((k - 1) / 26)) out = String.fromCharCode(65 + ((k - 1) % 26)) + out;
  return out;
}

/** The replica j (1-based) of master m. */
export function replicaName(m: string, j: number): string {
  return `${m}${j}`;
}

/** The master a node name belongs to at creation (A1 → A, AA12 → AA, B → B): its letters. */
export function shardOfName(name: string): string {
  let end = name.length;
  while (end > 0 && name.charCodeAt(end - 1) >= 48 && name.charCodeAt(end - 1) <= 57) end--;
  return name.slice(0, end);
}

/** A name of a master at creation (only letters, no replica number). */
export function isMasterName(name: string): boolean {
  return name.length > 0 && shardOfName(name) === name;
}
