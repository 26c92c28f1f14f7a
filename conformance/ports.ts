// Ports for one cluster, fresh for every run: a block probed free on each node's own address (client
// port and bus port = port + 10000), starting at a random offset, so a process a killed run left behind
// can never be taken for a node of this run (the harness also checks each node's process_id).
import { randomInt } from 'node:crypto';
import net from 'node:net';

/** Client ports come from here; bus ports are 10000 higher (31000–39999, clear of 40000+ used before). */
export const PORT_MIN = 21000;
export const PORT_MAX = 29999;

function free(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ host, port, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/**
 * A base port B such that node i can listen on ips[i]:B+i and ips[i]:B+i+10000. Blocks are tried from
 * a random one upwards, wrapping around; an error if none is free.
 */
export async function freePortBlock(ips: string[]): Promise<number> {
  const n = ips.length;
  const blocks = Math.floor((PORT_MAX - PORT_MIN + 1) / n);
  const first = randomInt(blocks);
  for (let k = 0; k < blocks; k++) {
    const base = PORT_MIN + ((first + k) % blocks) * n;
    let ok = true;
    for (let i = 0; i < n && ok; i++) ok = (await free(ips[i], base + i)) && (await free(ips[i], base + i + 10000));
    if (ok) return base;
  }
  throw new Error(`no free block of ${n} ports in ${PORT_MIN}–${PORT_MAX} (and +10000) on ${ips[0]}…`);
}
