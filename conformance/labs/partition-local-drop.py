#!/usr/bin/env python3
# Lab for the Sentinel split brain with min-replicas-to-write 1 (scenarios/sentinel-split-brain-min-replicas.json),
# reduced to its data nodes: M and its replicas R1, R2 on 127.0.1.10-12 (bind-source-addr, as the harness);
# a writer SETs on M every 20 ms; at 0.667 s the harness's kind of partition cuts M from R1 and R2 (iptables
# OUTPUT DROP per address pair); during the cut R1 is promoted and R2 moved to it (what Sentinel does);
# the cut heals at 4.667 s. Prints M's write results as they change, M's INFO replication around the
# heal, and the M<->replica packets captured on lo after the cut. Shows: M drops both replicas ~5 ms after the
# heal (NOREPLICAS from then on) because its first write after the heal reaches their closed sockets,
# which answer RST; nothing written during the cut had left M (a locally dropped send is not sent).
# `noreconf` as argument: no promotion during the cut. Needs root, iptables, tcpdump, redis-server 7.0.
# Only the processes it started are ended, by PID; it removes its own iptables rules, also on failure.
import os, socket, subprocess, time, threading, shutil, sys
IP = {'M': '127.0.1.10', 'R1': '127.0.1.11', 'R2': '127.0.1.12'}
PORT = {'M': 25008, 'R1': 25009, 'R2': 25010}
RECONF = len(sys.argv) < 2 or sys.argv[1] != 'noreconf'
base = '/tmp/lab-minrep'; shutil.rmtree(base, ignore_errors=True); os.makedirs(base)
procs = {}
rules = []
def cmd(n, *args, timeout=1.0):
    s = socket.create_connection((IP[n], PORT[n]), timeout=timeout)
    s.sendall((f'*{len(args)}\r\n' + ''.join(f'${len(str(a).encode())}\r\n{a}\r\n' for a in args)).encode())
    data = s.recv(65536); s.close(); return data.decode(errors='replace')
for n in IP:
    d = f'{base}/{n}'; os.makedirs(d)
    conf = f"bind {IP[n]}\nbind-source-addr {IP[n]}\nprotected-mode no\nport {PORT[n]}\ndir {d}\nsave \"\"\nappendonly no\nmin-replicas-to-write 1\nmin-replicas-max-lag 10\nlogfile {d}/log\nrepl-diskless-sync-delay 0\n"
    if n != 'M': conf += f"replicaof {IP['M']} {PORT['M']}\n"
    open(f'{d}/redis.conf', 'w').write(conf)
    procs[n] = subprocess.Popen(['redis-server', f'{d}/redis.conf'])
try:
    for _ in range(100):
        try:
            i = cmd('M', 'INFO', 'replication')
            if 'connected_slaves:2' in i and i.count('state=online') == 2: break
        except Exception: pass
        time.sleep(0.1)
    pcap = subprocess.Popen(['tcpdump', '-i', 'lo', '-n', '-tt', '-w', f'{base}/lo.pcap', 'tcp and host 127.0.1.10 and (host 127.0.1.11 or host 127.0.1.12)'], stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    t0 = time.time(); log = []
    def at(x): return time.time() - t0
    stop = False
    def writer():
        s = socket.create_connection((IP['M'], PORT['M'])); i = 0
        while not stop:
            i += 1; k = f'w{i}'
            s.sendall(f'*3\r\n$3\r\nSET\r\n${len(k)}\r\n{k}\r\n$1\r\nv\r\n'.encode())
            r = s.recv(1000).decode().strip(); log.append((round(at(0), 3), k, r[:20]))
            time.sleep(0.02)
    def poller():
        while not stop:
            try:
                inf = cmd('M', 'INFO', 'replication'); lines = [l for l in inf.split('\r\n') if l.startswith(('connected_slaves', 'slave0', 'slave1', 'min_slaves_good'))]
                log.append((round(at(0), 3), 'INFO', ' '.join(lines)))
            except Exception as e: log.append((round(at(0), 3), 'INFO', str(e)))
            time.sleep(0.1)
    th = [threading.Thread(target=writer), threading.Thread(target=poller)]
    for t in th: t.start()
    def sleep_until(x): time.sleep(max(0, x - at(0)))
    sleep_until(0.667)
    for r in ('R1', 'R2'):
        rules += [(IP['M'], IP[r]), (IP[r], IP['M'])]
    for s_, d_ in rules: subprocess.run(['iptables', '-I', 'OUTPUT', '1', '-s', s_, '-d', d_, '-j', 'DROP'], check=True)
    log.append((round(at(0), 3), 'EVENT', 'partition'))
    if RECONF:
        sleep_until(3.6); cmd('R1', 'REPLICAOF', 'NO', 'ONE'); log.append((round(at(0), 3), 'EVENT', 'R1 replicaof no one'))
        sleep_until(4.0); cmd('R2', 'REPLICAOF', IP['R1'], PORT['R1']); log.append((round(at(0), 3), 'EVENT', 'R2 replicaof R1'))
    sleep_until(4.667)
    for s_, d_ in rules: subprocess.run(['iptables', '-D', 'OUTPUT', '-s', s_, '-d', d_, '-j', 'DROP'], check=True)
    log.append((round(at(0), 3), 'EVENT', 'heal'))
    sleep_until(7.333); stop = True
    for t in th: t.join()
    time.sleep(0.3); pcap.terminate(); pcap.wait()
    dump = subprocess.run(['tcpdump', '-r', f'{base}/lo.pcap', '-n', '-tt'], capture_output=True, text=True).stdout.splitlines()
    prev = None
    for e in sorted(log):
        if e[1].startswith('w'):
            if e[2] != prev: print(e); prev = e[2]
        elif e[1] == 'INFO':
            if 3.5 < e[0] < 7.5: print(e)
        else: print(e)
    print('packets between M and its replicas after the cut (s after T0):')
    for l in dump:
        t = float(l.split()[0]) - t0
        if t > 0.667: print(f'{t:.3f}', ' '.join(l.split()[1:8]))
finally:
    for p in procs.values(): p.kill()
    for s_, d_ in rules: subprocess.run(['iptables', '-D', 'OUTPUT', '-s', s_, '-d', d_, '-j', 'DROP'], stderr=subprocess.DEVNULL)
    shutil.rmtree(base, ignore_errors=True)
