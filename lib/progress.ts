// A progress line for long runs ("property 3 of 27, 600 runs, 12 s"), rewritten in place on a
// terminal. In CI (CI set) or when stderr is not a TTY nothing is drawn: only the normal lines.
// Wall times appear here and in terminal lines only, never in a generated file.

export interface Progress {
  /** Is the line drawn (a terminal, not CI)? */
  live: boolean;
  /** Redraw the line with this text (no-op when not on a terminal). */
  update(text: string): void;
  /** Print a normal line to stdout, above the progress line. */
  line(text: string): void;
  /** Seconds since the start, for terminal output. */
  elapsed(): string;
  /** Erase the progress line. */
  done(): void;
}

export const onTerminal = (): boolean => Boolean(process.stderr.isTTY) && !process.env.CI;

export function progress(live = onTerminal()): Progress {
  const started = Date.now();
  let shown = '';
  const erase = () => {
    if (shown) process.stderr.write(`\r${' '.repeat(shown.length)}\r`);
  };
  return {
    live,
    update(text) {
      if (!live) return;
      erase();
      const cols = process.stderr.columns || 100;
      shown = text.length >= cols ? text.slice(0, cols - 1) : text;
      process.stderr.write(shown);
    },
    line(text) {
      erase();
      process.stdout.write(`${text}\n`);
      if (shown) process.stderr.write(shown);
    },
    elapsed: () => `${((Date.now() - started) / 1000).toFixed(0)} s`,
    done() {
      erase();
      shown = '';
    },
  };
}
