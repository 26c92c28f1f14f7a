#!/usr/bin/env python3
# When does this host's kernel retransmit a SYN that a partition dropped? (model/kernel/net.ts
# SYN_RETRANSMITS). Opens N non-blocking connects from 127.0.9.2 to 127.0.9.1 with an iptables DROP in
# INPUT (as the harness's partitions), captures them with tcpdump, and prints each SYN's time after the
# connect's first, per connect and the mean. Root, iptables and tcpdump needed; removes its rule,
# capture and sockets on exit, even after a failure. Usage: syn-retransmits.py [connects] [seconds]
import os, signal, socket, subprocess, sys, tempfile, time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 4
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 40
SRC, DST, PORT = '127.0.9.2', '127.0.9.1', 1
RULE = ['INPUT', '-s', SRC, '-d', DST, '-p', 'tcp', '--dport', str(PORT), '-j', 'DROP']

pcap = tempfile.NamedTemporaryFile(suffix='.pcap', delete=False).name
subprocess.run(['iptables', '-w', '-I', *RULE], check=True)
dump = subprocess.Popen(['tcpdump', '-i', 'lo', '-n', '-w', pcap, f'tcp[tcpflags] & tcp-syn != 0 and src host {SRC} and dst host {DST}'],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
socks = []
try:
    time.sleep(1.0)  # tcpdump is listening
    for k in range(N):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((SRC, 0))
        s.setblocking(False)
        try: s.connect((DST, PORT))
        except BlockingIOError: pass
        socks.append(s)
        time.sleep(0.137)  # apart, so their timers do not share a wheel slot by construction
    time.sleep(SECONDS)
finally:
    dump.send_signal(signal.SIGINT); dump.wait()
    for s in socks: s.close()
    subprocess.run(['iptables', '-w', '-D', *RULE])
out = subprocess.run(['tcpdump', '-r', pcap, '-n', '-tt'], capture_output=True, text=True).stdout
os.unlink(pcap)
by = {}
for line in out.splitlines():
    f = line.split()
    port = f[2].rsplit('.', 1)[1]
    by.setdefault(port, []).append(float(f[0]))
rows = [[round((t - ts[0]) * 1000) for t in ts[1:]] for ts in by.values()]
for r in rows: print('ms after the first SYN:', r)
k = min(len(r) for r in rows)
print('mean:', [round(sum(r[i] for r in rows) / len(rows)) for i in range(k)])
