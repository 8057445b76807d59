"""Shared by bench/pg_run and bench/pg_sizes: a throwaway PostgreSQL cluster from
scripts/pg-test-cluster, CPU accounting from /proc, the machine's description, formatting.
Python standard library only."""

import datetime as dt
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLUSTER_SCRIPT = os.path.join(ROOT, "scripts/pg-test-cluster")
HZ = os.sysconf("SC_CLK_TCK")
CPUS = os.cpu_count() or 1
PREFIX = ["bench"]

# What BENCH_PG_DURABLE=1 sets on the test cluster (it starts with fsync, synchronous_commit and
# full_page_writes off): every one of these takes effect on a reload.
DURABLE_SETTINGS = [("fsync", "on"), ("synchronous_commit", "on"), ("full_page_writes", "on"),
                    ("max_wal_size", "'4GB'")]
SHOWN_SETTINGS = ("server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_level",
                  "shared_buffers", "max_wal_size", "max_connections", "checkpoint_timeout",
                  "data_directory")


class Failed(Exception):
    pass


def log(msg):
    print("[%s] %s" % (PREFIX[0], msg), file=sys.stderr, flush=True)


# --- formatting --------------------------------------------------------------------------------

def fmt_int(x):
    return "{:,.0f}".format(x)


def fmt_ms(x):
    if x is None:
        return "?"
    return "%.2f" % x if x < 10 else "%.1f" % x


def fmt_mb(b):
    return "{:,.0f}".format(b / 1048576)


# --- processes and CPU -------------------------------------------------------------------------

def proc_cpu(pid, reaped_children=False):
    """CPU seconds (user + system, all threads) used so far by process `pid` (0 if gone); with
    `reaped_children`, plus those of its children that have exited and been waited for."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        t = int(fields[11]) + int(fields[12])
        if reaped_children:
            t += int(fields[13]) + int(fields[14])
        return t / HZ
    except (OSError, IndexError, ValueError):
        return 0.0


def children_of(ppid):
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == ppid:
                out.append(int(d))
        except (OSError, IndexError, ValueError):
            pass
    return out


def machine_busy():
    """CPU seconds the whole machine has been busy since boot (all cores)."""
    with open("/proc/stat") as f:
        c = [int(x) for x in f.readline().split()[1:]]
    return (c[0] + c[1] + c[2] + c[5] + c[6] + (c[7] if len(c) > 7 else 0)) / HZ


def busy_over(seconds):
    m0 = machine_busy()
    time.sleep(seconds)
    return (machine_busy() - m0) / seconds


def quiet_machine(what, wait_idle):
    """Cores busy over 3 s before `what`; waits up to `wait_idle` s for < 0.25 when asked to."""
    busy = busy_over(3)
    waited = 0.0
    while busy >= 0.25 and waited < wait_idle:
        log("machine busy (%.2f cores) before %s: waiting" % (busy, what))
        time.sleep(5)
        waited += 8
        busy = busy_over(3)
    if busy >= 0.25:
        log("warning: %.2f cores busy before %s: its figures are understated" % (busy, what))
    return busy


# --- the machine -------------------------------------------------------------------------------

def describe_run():
    """Date, commit and machine, for a section's header."""
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "unknown"
    dirty = subprocess.run(["git", "-C", ROOT, "--no-optional-locks", "status", "--porcelain"],
                           capture_output=True, text=True).stdout.strip()
    if commit != "unknown" and dirty:
        commit += " (working tree has uncommitted changes)"
    cpu_model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_gb = int(f.readline().split()[1]) / 1048576
    return {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "commit": commit,
            "machine": "%d CPUs (%s), %.1f GB RAM, %s %s" % (CPUS, cpu_model, mem_gb,
                                                            os.uname().sysname, os.uname().release)}


# --- the cluster -------------------------------------------------------------------------------

class Cluster:
    """A cluster from scripts/pg-test-cluster in DIR (removed by stop())."""

    def __init__(self, directory):
        self.dir = directory
        self.started = False
        self.url = ""
        self.port = 0
        self.settings = {}

    def start(self, durable):
        log("starting a PostgreSQL test cluster (scripts/pg-test-cluster start %s)" % self.dir)
        self.started = True
        r = subprocess.run([CLUSTER_SCRIPT, "start", self.dir], capture_output=True, text=True)
        if r.returncode != 0:
            raise Failed("pg-test-cluster start failed: " + (r.stderr or r.stdout).strip())
        log(r.stdout.strip())
        with open(os.path.join(self.dir, "url")) as f:
            self.url = f.read().strip()
        self.port = int(self.url.rsplit(":", 1)[1].split("/")[0])
        if durable:
            for k, v in DURABLE_SETTINGS:
                self.psql("ALTER SYSTEM SET %s = %s" % (k, v))
            self.psql("SELECT pg_reload_conf()")
            time.sleep(0.5)
        for k in SHOWN_SETTINGS:
            self.settings[k] = self.psql("SHOW %s" % k)
        df = subprocess.run(["df", "-T", self.settings["data_directory"]], capture_output=True,
                            text=True).stdout.splitlines()
        f = df[1].split() if len(df) > 1 else ["?"] * 7
        self.disk = "%s on %s (mounted at %s)" % (f[1], f[0], f[6])

    def describe(self, durable):
        """Markdown list lines: version, where, the settings in force."""
        s = self.settings
        out = ["- PostgreSQL %s: a throwaway cluster from `scripts/pg-test-cluster` on 127.0.0.1 (TCP), "
               "data on %s." % (s["server_version"].split()[0], self.disk)]
        if durable:
            out.append("  The test cluster starts with fsync, synchronous_commit and full_page_writes off; "
                       "this run turned")
            out.append("  them on (`ALTER SYSTEM`, reload), so a commit is durable as in production. In force:")
        else:
            out.append("  BENCH_PG_DURABLE=0: the test cluster's own settings, **not durable** (fsync off). "
                       "In force:")
        out.append("  fsync=%s, synchronous_commit=%s, full_page_writes=%s, wal_level=%s, shared_buffers=%s,"
                   % (s["fsync"], s["synchronous_commit"], s["full_page_writes"], s["wal_level"],
                      s["shared_buffers"]))
        out.append("  max_wal_size=%s, checkpoint_timeout=%s, max_connections=%s; the rest PostgreSQL's "
                   "defaults." % (s["max_wal_size"], s["checkpoint_timeout"], s["max_connections"]))
        return out

    def stop(self):
        if not self.started:
            return
        self.started = False
        subprocess.run([CLUSTER_SCRIPT, "stop", self.dir], capture_output=True, text=True)
        log("cluster stopped and removed")

    def db_url(self, db):
        return self.url.rsplit("/", 1)[0] + "/" + db

    def psql(self, sql, db="postgres"):
        r = subprocess.run(["psql", "-X", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d",
                            self.db_url(db), "-c", sql], capture_output=True, text=True)
        if r.returncode != 0:
            raise Failed("psql (%s): %s" % (sql[:60], r.stderr.strip()))
        return r.stdout.strip()

    def postmaster_pid(self):
        cl_file = os.path.join(self.dir, "cluster-dir")
        if os.path.exists(cl_file):
            with open(cl_file) as f:
                cl = f.read().strip()
        else:
            cl = os.path.join(self.dir, "cluster")
        with open(os.path.join(cl, "data", "postmaster.pid")) as f:
            return int(f.readline())

    def cpu(self):
        """CPU seconds used so far by the postmaster and its children, live or exited (the
        postmaster waits for its backends, so theirs add to its children's times)."""
        pm = self.postmaster_pid()
        return proc_cpu(pm, reaped_children=True) + sum(proc_cpu(p) for p in children_of(pm))

    def wal_lsn(self):
        return self.psql("SELECT pg_current_wal_lsn()")

    def wal_bytes(self, lsn0, lsn1):
        return int(float(self.psql("SELECT pg_wal_lsn_diff('%s', '%s')" % (lsn1, lsn0))))
