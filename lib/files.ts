// Writing files so that a reader never sees half of one.
import { renameSync, writeFileSync } from 'node:fs';

/** Writes a file atomically: a temporary file beside it, then a rename (a reader never sees half a file). */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
