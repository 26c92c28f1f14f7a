// V8's allocation-site pretenuring misjudges the simulator: a site whose objects survive young-generation
// collections at a high rate is switched to allocating them in the old generation, and the bus's
// message objects (sendOnLink, reply, header) get switched early in a big cluster's run. From then on
// every message lives until a full collection and keeps its gossip section alive through the minor
// ones: in one cold run of the size sweep's 200-master trace the heap climbed to ~350 MB and scavenges
// took ~1.8 s of 10 s of CPU (~0.7 s and ~100 MB with the heuristic off). Messages live for a few
// simulated milliseconds, so the simulator turns the heuristic off for its process. It changes no
// result: collection never changes what runs.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-allocation-site-pretenuring');
