# Per-thread CPU of every process, sampled from /proc every N seconds (docs/benchmarks.md, fourth session).
# Run next to a benchmark: python3 bench/cpu-sampler.py <interval s> <duration s> > cpu.txt
# samples per-thread CPU of all processes every N s; prints top consumers per interval
import os,sys,time,collections
interval=float(sys.argv[1]); dur=float(sys.argv[2])
HZ=os.sysconf('SC_CLK_TCK')
def snap():
    s={}
    for pid in os.listdir('/proc'):
        if not pid.isdigit(): continue
        try:
            cmd=open(f'/proc/{pid}/cmdline','rb').read().split(b'\0')
            name=' '.join(x.decode(errors='replace') for x in cmd[:1])
            if b'java' in cmd[0]:
                j=b' '.join(cmd)
                if b'quarkus-run.jar' in j: name='HUB'
                elif b'OpenLoop' in j: name='LOADGEN'
                elif b'hub.project.dir' in j: name='BENCH'
                elif b'surefire' in j: name='surefire'
                elif b'plexus-classworlds' in j: name='maven'
                else: name='java'
            for tid in os.listdir(f'/proc/{pid}/task'):
                st=open(f'/proc/{pid}/task/{tid}/stat').read()
                comm=st[st.index('(')+1:st.rindex(')')]
                f=st[st.rindex(')')+2:].split()
                s[(pid,tid)]=(name,comm,int(f[11])+int(f[12]))
        except Exception: pass
    return s
prev=snap(); t=time.time(); end=t+dur
while time.time()<end:
    time.sleep(interval)
    cur=snap()
    byproc=collections.Counter(); bythr=collections.Counter()
    for k,(n,c,v) in cur.items():
        d=v-prev.get(k,(n,c,v))[2]
        if d>0:
            byproc[(k[0],n)]+=d; bythr[(n,c)]+=d
    print(time.strftime('%H:%M:%S'),'procs:',', '.join(f'{n}({p}) {v/HZ/interval:.2f}' for (p,n),v in byproc.most_common(6)))
    print('   threads:',', '.join(f'{n}/{c} {v/HZ/interval:.2f}' for (n,c),v in bythr.most_common(10)),flush=True)
    prev=cur
