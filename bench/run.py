#!/usr/bin/python3
"""bench/run.py - the benchmark driver behind `make bench`.

Three suites, each server pinned to CPU 0 and the load generator to CPU 1, a
freshly started server for every workload:

- transport: the four parley-loadgen workloads (idle, closed, open, fanout)
  against Parley's test server (build/parley-testd, when it exists) and the
  Node `ws` reference (bench/ref/ws_server.js);
- tutor: the seed 000 ("AI tutor") workloads (tutor-closed, tutor-open,
  tutor-fanout) against parleyd with its canned brain (build/parleyd
  --brain canned, when it has that option), the FastAPI + uvicorn reference
  (bench/ref/tutor_fastapi.py, the seeds' own stack) and the Node reference
  (bench/ref/tutor_node.js), with each server's CPU time over the measured
  window; then parley-storebench, the SQLite store alone under the same
  exchange's writes (the ceiling it puts on parleyd);
- brains: the answer sources. (1) The lessons brain over the bundled
  curriculum plus 2,000 synthetic document pages (parley-kbfill fills a
  knowledge.db for user 123): parley-brainbench drives the brains directly
  on an event loop (start -> first chunk) for canned (the reference: no
  retrieval), lessons (documents off, the tutor dialect) and lessons with
  the user's documents (the StudyMate dialect); then parleyd --brain
  lessons against parleyd --brain canned, both on that data dir, under the
  seed 000 tutor-closed workload asking the evaluation questions
  (tests/eval/questions-*.tsv). (2) The LLM provider relay: the fake
  OpenAI-compatible provider parley-fakellm (pinned with the load
  generator to CPU 1) streams 500 answers at once, each delta stamped with
  its send time, first straight to the load generator (llm-direct, the
  reference) and then through parleyd --brain openai (tutor-closed
  --stamps): token latency (receive - send), stalls, chunks/s. The brains
  suite runs the lessons brain through parleyd at 1 conversation (service
  time) and 50 (throughput), and the brains on an event loop over a
  curriculum-only knowledge base too (what the documents cost).

Then writes docs/benchmarks.md: the machine, per suite the exact commands, a
table of figures per server and the Parley/reference ratios. A suite that
is not run keeps its section from the previous report. Builds nothing: it
takes the binaries' paths.

  bench/run.py [--loadgen PATH] [--testd PATH] [--testd-args ARGS]
               [--parleyd PATH] [--parleyd-args ARGS] [--python PATH]
               [--kbfill PATH] [--brainbench PATH] [--fakellm PATH] [--storebench PATH]
               [--suite all|transport|tutor|brains] [--smoke]

  --smoke   every workload briefly with small counts (about 15 s in all);
            exits non-zero when any workload fails outright (connect
            failures, errors, protocol errors, lost or reordered messages).
            Does not touch docs/benchmarks.md.

Environment: PARLEY_LOADGEN, PARLEY_TESTD, PARLEY_TESTD_ARGS, PARLEY_PARLEYD,
PARLEY_PARLEYD_ARGS, PARLEY_KBFILL, PARLEY_BRAINBENCH, PARLEY_FAKELLM stand
in for the flags (the last three default to the load generator's folder;
a standalone bench build has no parley-kbfill or parley-brainbench, and
the brains suite then says so and skips the lessons measurements). ARGS
is the server's argument list, with {port} for the port and {data_dir} for
a fresh empty folder
(defaults: "--port {port} --data-dir {data_dir} --log-level warn", and the
same plus "--brain canned --messages-per-second 0" for parleyd). Python 3 standard library only; the
FastAPI reference runs under --python (/usr/bin/python3, Debian's
python3-fastapi and python3-uvicorn).
"""

import argparse
import datetime
import glob
import http.client
import json
import os
import platform
import re
import resource
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NODE_DIR = os.path.join(ROOT, "tests", "node")
REF_SERVER = os.path.join(ROOT, "bench", "ref", "ws_server.js")
TUTOR_FASTAPI = os.path.join(ROOT, "bench", "ref", "tutor_fastapi.py")
TUTOR_NODE = os.path.join(ROOT, "bench", "ref", "tutor_node.js")
DOC = os.path.join(ROOT, "docs", "benchmarks.md")

SERVER_CPU = "0"
LOADGEN_CPU = "1"
HEALTH_TIMEOUT_S = 15
# parley-testd's arguments: logging at warn keeps per-connection lines out of
# the measurement; the data folder is a fresh temporary one per start.
TESTD_ARGS = "--port {port} --data-dir {data_dir} --log-level warn"
# parleyd's arguments for the tutor suite: the same, with the canned brain
# (a fixed answer in 20 chunks, no delay: the references' tutor) and no cap
# on messages per WebSocket per second (the references have none; the
# default, 20, would refuse most of a closed loop's messages). Everything
# else stays at parleyd's defaults, storage included (every message is
# written to SQLite; the references keep theirs in memory).
PARLEYD_ARGS = ("--port {port} --data-dir {data_dir} --log-level warn --brain canned "
                "--messages-per-second 0")
# The interpreter with Debian's python3-fastapi and python3-uvicorn.
FASTAPI_PYTHON = "/usr/bin/python3"

# Full-run settings (the figures in docs/benchmarks.md).
FULL = {
    "idle": {"connections": 19000, "hold": 3, "concurrency": 100},
    "closed": {"connections": 50, "duration": 10, "warmup": 2, "size": 64},
    "open": {"connections": 50, "duration": 10, "warmup": 2, "size": 64, "fraction": 0.5},
    "fanout": {"receivers": 1000, "messages": 1000, "window": 32, "size": 64},
}
# Smoke settings: small counts, about a second per workload.
SMOKE = {
    "idle": {"connections": 200, "workers": 2, "hold": 0.2, "concurrency": 50},
    "closed": {"connections": 4, "duration": 1.0, "warmup": 0.2, "size": 64},
    "open": {"connections": 4, "duration": 1.0, "warmup": 0.2, "size": 64, "rate": 1000},
    "fanout": {"receivers": 20, "messages": 200, "window": 16, "size": 64},
}

TUTOR_KINDS = ("tutor-closed", "tutor-open", "tutor-fanout")
# Tutor suite, full run: closed loop at C=50, open loop at half of each
# server's own closed-loop peak, fan-out of K exchanges to M=1,000 receivers.
TUTOR_FULL = {
    "tutor-closed": {"connections": 50, "duration": 10, "warmup": 2},
    "tutor-open": {"connections": 50, "duration": 10, "warmup": 2, "fraction": 0.5},
    "tutor-fanout": {"receivers": 1000, "messages": 20},
}
# Tutor suite, smoke: well under a second per workload.
TUTOR_SMOKE = {
    "tutor-closed": {"connections": 4, "duration": 0.3, "warmup": 0.1},
    "tutor-open": {"connections": 4, "duration": 0.3, "warmup": 0.1, "rate": 100},
    "tutor-fanout": {"receivers": 20, "messages": 3},
}

# The store alone (parley-storebench), in the tutor suite: full and smoke.
STOREBENCH_FULL = {"conversations": 50, "duration": 10, "warmup": 2}
STOREBENCH_SMOKE = {"conversations": 4, "duration": 0.3, "warmup": 0.1}

# Brains suite. The questions the lessons workloads ask, round-robin.
QUESTION_FILES = sorted(glob.glob(os.path.join(ROOT, "tests", "eval", "questions-*.tsv")))
LESSONS_DIR = os.path.join(ROOT, "data", "lessons")
# The user whose documents kbfill adds: the tutor workloads' user id.
BRAINS_USER = "123"
# parleyd for the lessons workloads: lessons (or canned, the reference) on a
# data dir whose knowledge.db holds the documents; no message rate cap (a
# closed loop sends as fast as it is answered). The tutor dialect's
# duplicate filter never fires: every conversation cycles through the whole
# question list, longer than the 32 messages the filter remembers.
LESSONS_ARGS = ("--port {port} --data-dir {data_dir} --log-level warn --brain {brain} "
                "--lessons-dir {lessons} --messages-per-second 0")
# parleyd for the relay: the openai brain on the fake provider. The key's
# variable names one that is never set, so no key of the environment is
# sent to the fake. Everything else at its defaults (--max-connections:
# the open-file limit less a reserve, --max-connections-per-ip 1024; the
# load generator spreads its sockets over 64 loopback addresses).
RELAY_ARGS = ("--port {port} --data-dir {data_dir} --log-level warn --brain openai "
              "--llm-base-url http://127.0.0.1:{fake_port}/v1 "
              "--llm-api-key-env PARLEY_BENCH_UNSET_KEY --messages-per-second 0")
BRAINS_FULL = {
    "kbfill": {"pages": 2000},
    "brainbench": {"turns": 1000, "warmup": 100, "conversations": 50},
    "lessons": {"concurrency": [1, 50], "duration": 10, "warmup": 2},
    "relay": {"streams": 500, "tokens": 50, "interval_ms": 20, "duration": 10, "warmup": 2,
              "stall_gap": 1},
}
BRAINS_SMOKE = {
    "kbfill": {"pages": 100},
    "brainbench": {"turns": 60, "warmup": 10, "conversations": 10},
    "lessons": {"concurrency": [1, 4], "duration": 0.4, "warmup": 0.1},
    "relay": {"streams": 20, "tokens": 10, "interval_ms": 5, "duration": 0.5, "warmup": 0.1,
              "stall_gap": 1},
}
# The targets, quoted in the report next to what was measured.
TARGET_LESSONS_P99_US = 5000.0
TARGET_RELAY_P99_US = 200.0


def log(msg):
    print(msg, flush=True)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pinned(cpu, argv, pin):
    return (["taskset", "-c", cpu] + argv) if pin else argv


class Server:
    """One server process under test, started fresh for each workload."""

    def __init__(self, name, label, argv_for_port, pin, logdir, cpu=SERVER_CPU):
        self.name = name
        self.label = label
        self.argv_for_port = argv_for_port
        self.pin = pin
        self.logdir = logdir
        self.cpu = cpu
        self.proc = None
        self.port = None
        self.argv = None
        self.logf = None
        self.health = None

    def start(self):
        self.port = free_port()
        data_dir = tempfile.mkdtemp(prefix=f"{self.name}-data-", dir=self.logdir)
        self.argv = pinned(self.cpu, self.argv_for_port(self.port, data_dir), self.pin)
        self.logf = open(os.path.join(self.logdir, f"{self.name}-{self.port}.log"), "wb")
        # taskset execs the server, so proc.pid is the server's own pid.
        self.proc = subprocess.Popen(self.argv, stdout=self.logf, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, cwd=ROOT)
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.label} exited with status {self.proc.returncode} "
                                   f"at start (log: {self.logf.name})")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
                conn.request("GET", "/health")
                resp = conn.getresponse()
                body = resp.read()
                conn.close()
                if resp.status == 200:
                    self.health = json.loads(body)
                    return
            except (OSError, ValueError, http.client.HTTPException):
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.label} did not answer GET /health within {HEALTH_TIMEOUT_S} s")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            self.proc = None
        if self.logf is not None:
            self.logf.close()
            self.logf = None


def run_loadgen(loadgen, args, pin, timeout):
    argv = pinned(LOADGEN_CPU, [loadgen] + args + ["--json"], pin)
    t0 = time.monotonic()
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return argv, {"ok": False, "first_error": f"load generator timed out after {timeout} s"}, ""
    result = None
    for line in reversed(p.stdout.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                result = json.loads(line)
                break
            except ValueError:
                pass
    if result is None:
        result = {"ok": False,
                  "first_error": f"no JSON from the load generator (exit {p.returncode})"}
    if p.returncode != 0:
        result["ok"] = False
    result["wall_s"] = round(time.monotonic() - t0, 2)
    return argv, result, p.stderr


def workload_args(kind, cfg, port, server_pid, rate=None):
    common = ["--port", str(port), "--size", str(cfg.get("size", 64))]
    if kind == "idle":
        a = ["idle", "--port", str(port), "-n", str(cfg["connections"]),
             "--hold", str(cfg["hold"]), "--concurrency", str(cfg["concurrency"]),
             "--server-pid", str(server_pid), "--connect-timeout", "120"]
        if "workers" in cfg:
            a += ["--workers", str(cfg["workers"])]
        return a
    if kind == "closed":
        return ["closed"] + common + ["-c", str(cfg["connections"]),
                                      "--duration", str(cfg["duration"]),
                                      "--warmup", str(cfg["warmup"])]
    if kind == "open":
        return ["open"] + common + ["-c", str(cfg["connections"]), "--rate", f"{rate:.0f}",
                                    "--duration", str(cfg["duration"]),
                                    "--warmup", str(cfg["warmup"])]
    if kind == "fanout":
        return ["fanout"] + common + ["--receivers", str(cfg["receivers"]),
                                      "--messages", str(cfg["messages"]),
                                      "--window", str(cfg["window"])]
    raise ValueError(kind)


def tutor_workload_args(kind, cfg, port, server_pid, rate=None):
    a = [kind, "--port", str(port), "--server-pid", str(server_pid)]
    if kind == "tutor-closed":
        return a + ["-c", str(cfg["connections"]), "--duration", str(cfg["duration"]),
                    "--warmup", str(cfg["warmup"])]
    if kind == "tutor-open":
        return a + ["-c", str(cfg["connections"]), "--rate", f"{rate:.0f}",
                    "--duration", str(cfg["duration"]), "--warmup", str(cfg["warmup"])]
    if kind == "tutor-fanout":
        return a + ["--receivers", str(cfg["receivers"]), "--messages", str(cfg["messages"]),
                    "--connect-timeout", "120"]
    raise ValueError(kind)


def run_server_suite(server, loadgen, settings, pin, commands,
                     kinds=("idle", "closed", "open", "fanout"), args_for=workload_args,
                     fresh=True, before_stop=None):
    """Runs the workloads of one suite against one server; returns {kind: result}.
    The open loop ("open", "tutor-open") runs at the fraction of the
    server's own closed-loop peak that its settings give, or at their rate.
    With fresh, every workload gets a newly started server; without, they
    share one (the tutor smoke run: its workloads create their own
    conversations, and a start of the FastAPI reference costs ~0.3 s).
    before_stop(server, result), when given, runs after each workload while
    its server is still up (to read its /metrics)."""
    results = {}
    peak = None
    for i, kind in enumerate(kinds):
        cfg = settings[kind]
        rate = None
        if kind.endswith("open"):
            if "rate" in cfg:
                rate = cfg["rate"]
            elif peak:
                rate = max(1.0, peak * cfg["fraction"])
            else:
                results[kind] = {"ok": False, "first_error": "no closed-loop peak to halve"}
                log(f"  {kind:12s} skipped: no closed-loop peak")
                continue
        last = i == len(kinds) - 1
        if not server.alive():
            try:
                server.start()
            except RuntimeError as e:
                results[kind] = {"ok": False, "first_error": str(e)}
                log(f"  {kind:12s} FAILED: {e}")
                continue
        timeout = 300 if kind in ("idle", "tutor-fanout") else 120
        res = None
        try:
            cpu0, t0 = proc_cpu_s(server.proc.pid), time.monotonic()
            argv, res, stderr = run_loadgen(loadgen, args_for(kind, cfg, server.port,
                                                              server.proc.pid, rate),
                                            pin, timeout)
            cpu1, t1 = proc_cpu_s(server.proc.pid), time.monotonic()
            if cpu0 is not None and cpu1 is not None and t1 > t0:
                # the whole run, warm-up and connection set-up included
                res["server_cpu_run_share"] = (cpu1 - cpu0) / (t1 - t0)
            if before_stop is not None and server.alive():
                before_stop(server, res)
            if not server.alive():
                res["ok"] = False
                res["first_error"] = (res.get("first_error") or "") + \
                    f" [server exited with status {server.proc.returncode}]"
        finally:
            server_argv = server.argv
            if fresh or last or not server.alive() or res is None or not res.get("ok"):
                server.stop()
        commands.append((server.label, kind, server_argv, argv))
        results[kind] = res
        if kind.endswith("closed") and res.get("ok"):
            peak = res.get("rate")
        status = "ok" if res.get("ok") else "FAILED: " + (res.get("first_error") or "see output")
        log(f"  {kind:12s} {summary(kind, res)}  [{status}]")
        if not res.get("ok") and stderr.strip():
            for line in stderr.strip().splitlines()[-6:]:
                log("          " + line)
    return results


def proc_cpu_s(pid):
    """The CPU time (utime + stime) process pid has used so far, in seconds, or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def per_cpu(r, rate_key):
    """Exchanges per server CPU-second: the rate over the server's CPU share in the run."""
    share, rate = r.get("server_cpu_run_share"), r.get(rate_key)
    return rate / share if share and rate else None


def lat(res, key):
    return (res.get("latency_us") or {}).get(key)


def summary(kind, r):
    if kind == "idle":
        return (f"established {r.get('established', 0)}/{r.get('connections', '?')}, "
                f"RSS +{fmt(r.get('rss_per_conn_bytes'), 0)} B/conn")
    if kind == "closed":
        return (f"{fmt(r.get('rate'), 0)} exchanges/s, p50 {fmt(lat(r, 'p50'))} us, "
                f"p99 {fmt(lat(r, 'p99'))} us")
    if kind == "open":
        return (f"{fmt(r.get('achieved_rate'), 0)}/{fmt(r.get('target_rate'), 0)} per s, "
                f"p50 {fmt(lat(r, 'p50'))} us, p99 {fmt(lat(r, 'p99'))} us")
    if kind == "fanout":
        return (f"{fmt(r.get('delivered_per_s'), 0)} deliveries/s, "
                f"complete in order: {'yes' if r.get('in_order_complete') else 'NO'}")
    cpu = known(r.get("server_cpu_util"))
    cpu = f", server CPU {cpu * 100:.0f}%" if cpu is not None else ""
    if kind == "tutor-closed":
        return (f"{fmt(r.get('rate'), 0)} exchanges/s, p50 {fmt(lat(r, 'p50'))} us, "
                f"p99 {fmt(lat(r, 'p99'))} us{cpu}")
    if kind == "tutor-open":
        return (f"{fmt(r.get('achieved_rate'), 0)}/{fmt(r.get('target_rate'), 0)} exchanges/s, "
                f"p50 {fmt(lat(r, 'p50'))} us, p99 {fmt(lat(r, 'p99'))} us{cpu}")
    return (f"{fmt(r.get('delivered_per_s'), 0)} events/s to {r.get('receivers', '?')} receivers, "
            f"complete in order: {'yes' if r.get('in_order_complete') else 'NO'}{cpu}")


def known(v):
    """A figure the load generator could measure (it writes -1 otherwise)."""
    if isinstance(v, (int, float)) and not isinstance(v, bool) and v < 0:
        return None
    return v


def pct(v):
    v = known(v)
    return v * 100 if isinstance(v, (int, float)) else None


def fmt(v, digits=1):
    if v is None:
        return "n/a"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (int, float)):
        if digits == 0:
            return f"{v:,.0f}"
        return f"{v:,.{digits}f}"
    return str(v)


# Rows of the results table: (workload, label, getter, digits, better)
ROWS = [
    ("idle", "connections established", lambda r: r.get("established"), 0, "higher"),
    ("idle", "connections still served after the hold", lambda r: r.get("alive"), 0, "higher"),
    ("idle", "server RSS before (KiB)", lambda r: r.get("rss_before_kb"), 0, "lower"),
    ("idle", "server RSS after (KiB)", lambda r: r.get("rss_after_kb"), 0, "lower"),
    ("idle", "RSS growth per connection (bytes)", lambda r: r.get("rss_per_conn_bytes"), 0, "lower"),
    ("idle", "connect + upgrade rate (conn/s)",
     lambda r: (r["established"] / r["connect_seconds"]) if r.get("connect_seconds") else None,
     0, "higher"),
    ("closed", "exchanges/s", lambda r: r.get("rate"), 0, "higher"),
    ("closed", "latency p50 (us)", lambda r: lat(r, "p50"), 1, "lower"),
    ("closed", "latency p99 (us)", lambda r: lat(r, "p99"), 1, "lower"),
    ("closed", "latency p99.9 (us)", lambda r: lat(r, "p999"), 1, "lower"),
    ("closed", "latency max (us)", lambda r: lat(r, "max"), 1, "lower"),
    ("closed", "server CPU over the run (%)",
     lambda r: pct(r.get("server_cpu_run_share")), 0, None),
    ("closed", "exchanges per server CPU-second", lambda r: per_cpu(r, "rate"), 0, "higher"),
    ("open", "target rate (exchanges/s)", lambda r: r.get("target_rate"), 0, None),
    ("open", "achieved rate (exchanges/s)", lambda r: r.get("achieved_rate"), 0, "higher"),
    ("open", "latency p50 (us)", lambda r: lat(r, "p50"), 1, "lower"),
    ("open", "latency p99 (us)", lambda r: lat(r, "p99"), 1, "lower"),
    ("open", "latency p99.9 (us)", lambda r: lat(r, "p999"), 1, "lower"),
    ("open", "latency max (us)", lambda r: lat(r, "max"), 1, "lower"),
    ("open", "load generator send lag p99 (us)", lambda r: r.get("send_lag_p99_us"), 1, None),
    ("fanout", "deliveries/s (sum over receivers)", lambda r: r.get("delivered_per_s"), 0, "higher"),
    ("fanout", "every receiver got every message in order",
     lambda r: r.get("in_order_complete"), 0, None),
    ("fanout", "deliveries", lambda r: r.get("deliveries"), 0, None),
    ("fanout", "delivery latency p50 (us)", lambda r: lat(r, "p50"), 1, "lower"),
    ("fanout", "delivery latency p99 (us)", lambda r: lat(r, "p99"), 1, "lower"),
    ("fanout", "delivery latency max (us)", lambda r: lat(r, "max"), 1, "lower"),
]


# Rows of the tutor results table, as ROWS.
TUTOR_ROWS = [
    ("tutor-closed", "exchanges/s", lambda r: r.get("rate"), 0, "higher"),
    ("tutor-closed", "server events/s", lambda r: r.get("events_per_s"), 0, "higher"),
    ("tutor-closed", "latency to stream_end p50 (us)", lambda r: lat(r, "p50"), 1, "lower"),
    ("tutor-closed", "latency to stream_end p99 (us)", lambda r: lat(r, "p99"), 1, "lower"),
    ("tutor-closed", "latency to stream_end p99.9 (us)", lambda r: lat(r, "p999"), 1, "lower"),
    ("tutor-closed", "latency to stream_end max (us)", lambda r: lat(r, "max"), 1, "lower"),
    ("tutor-closed", "latency to first chunk p50 (us)",
     lambda r: (r.get("first_chunk_us") or {}).get("p50"), 1, "lower"),
    ("tutor-closed", "server CPU in the window (%)", lambda r: pct(r.get("server_cpu_util")), 0, None),
    ("tutor-closed", "server CPU time in the window (s)", lambda r: known(r.get("server_cpu_s")), 2, None),
    ("tutor-closed", "exchanges per server CPU-second",
     lambda r: known(r.get("exchanges_per_server_cpu_s")), 0, "higher"),
    ("tutor-closed", "load generator CPU (%)", lambda r: pct(r.get("loadgen_cpu_util")), 0, None),
    ("tutor-open", "target rate (exchanges/s)", lambda r: r.get("target_rate"), 0, None),
    ("tutor-open", "achieved rate (exchanges/s)", lambda r: r.get("achieved_rate"), 0, "higher"),
    ("tutor-open", "latency to stream_end p50 (us)", lambda r: lat(r, "p50"), 1, "lower"),
    ("tutor-open", "latency to stream_end p99 (us)", lambda r: lat(r, "p99"), 1, "lower"),
    ("tutor-open", "latency to stream_end p99.9 (us)", lambda r: lat(r, "p999"), 1, "lower"),
    ("tutor-open", "latency to stream_end max (us)", lambda r: lat(r, "max"), 1, "lower"),
    ("tutor-open", "load generator send lag p99 (us)", lambda r: r.get("send_lag_p99_us"), 1, None),
    ("tutor-open", "server CPU in the window (%)", lambda r: pct(r.get("server_cpu_util")), 0, None),
    ("tutor-open", "server CPU time in the window (s)", lambda r: known(r.get("server_cpu_s")), 2, None),
    ("tutor-open", "exchanges per server CPU-second",
     lambda r: known(r.get("exchanges_per_server_cpu_s")), 0, "higher"),
    ("tutor-fanout", "delivered events/s (sum over receivers)",
     lambda r: r.get("delivered_per_s"), 0, "higher"),
    ("tutor-fanout", "every receiver got every event in order",
     lambda r: r.get("in_order_complete"), 0, None),
    ("tutor-fanout", "events delivered", lambda r: r.get("deliveries"), 0, None),
    ("tutor-fanout", "send to stream_end at receivers p50 (us)", lambda r: lat(r, "p50"), 1, "lower"),
    ("tutor-fanout", "send to stream_end at receivers p99 (us)", lambda r: lat(r, "p99"), 1, "lower"),
    ("tutor-fanout", "server CPU in the run (%)", lambda r: pct(r.get("server_cpu_util")), 0, None),
    ("tutor-fanout", "server CPU time in the run (s)", lambda r: known(r.get("server_cpu_s")), 2, None),
    ("tutor-fanout", "events delivered per server CPU-second",
     lambda r: known(r.get("deliveries_per_server_cpu_s")), 0, "higher"),
]


def safe_get(getter, res):
    try:
        return getter(res) if res else None
    except (KeyError, TypeError, ZeroDivisionError):
        return None


def fsync_probe(n=200):
    """fdatasync(2) of a 4 KiB append, n times, in the folder the servers'
    data dirs go to: the floor under any durable acknowledgement's latency.
    Returns {"p50_ms", "p99_ms", "max_ms"} or None."""
    times = []
    try:
        with tempfile.NamedTemporaryFile(prefix="parley-fsync-") as f:
            block = b"\0" * 4096
            for _ in range(n):
                os.write(f.fileno(), block)
                t0 = time.perf_counter()
                os.fdatasync(f.fileno())
                times.append((time.perf_counter() - t0) * 1000)
    except OSError:
        return None
    times.sort()
    return {"p50_ms": times[n // 2], "p99_ms": times[min(n - 1, int(n * 0.99))],
            "max_ms": times[-1]}


def machine_info(pin):
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "unknown"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                    break
    except OSError:
        pass
    try:
        node_v = subprocess.run(["node", "--version"], capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        node_v = "not installed"
    ws_v = "unknown"
    try:
        with open(os.path.join(NODE_DIR, "node_modules", "ws", "package.json")) as f:
            ws_v = json.load(f)["version"]
    except (OSError, ValueError, KeyError):
        pass
    try:
        with open("/proc/loadavg") as f:
            loadavg = " ".join(f.read().split()[:3])
    except OSError:
        loadavg = "unknown"
    return {
        "loadavg": loadavg,
        "fsync": fsync_probe(),
        "cpu": model,
        "cores": os.cpu_count(),
        "memory": mem,
        "kernel": f"{platform.system()} {platform.release()}",
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "node": node_v,
        "ws": ws_v,
        "pinning": (f"servers on CPU {SERVER_CPU} (`taskset -c {SERVER_CPU}`), load generator "
                    f"on CPU {LOADGEN_CPU} (`taskset -c {LOADGEN_CPU}`)") if pin
                   else "none (taskset or a second CPU is missing)",
    }


SECTION_MARKS = {
    "transport": ("<!-- transport:begin -->", "<!-- transport:end -->"),
    "tutor": ("<!-- tutor:begin -->", "<!-- tutor:end -->"),
    "brains": ("<!-- brains:begin -->", "<!-- brains:end -->"),
}
SECTION_TITLES = {
    "transport": "WebSocket transport",
    "tutor": "AI tutor (seed 000)",
    "brains": "Brains: the lessons tutor and the LLM provider relay",
}


def kept_section(path, name):
    """The lines of a section of the previous report, markers included, or None."""
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return None
    begin, end = SECTION_MARKS[name]
    i, j = text.find(begin), text.find(end)
    if i >= 0 and j > i:
        return text[i:j + len(end)].split("\n")
    if name == "transport" and "<!--" not in text and "\n## Servers\n" in text:
        return migrated_transport(text)
    return None


def migrated_transport(text):
    """The transport part of a report from before the tutor suite (no section
    marks, one suite at the top level), as a section of the current layout."""
    date = loadavg = "unknown"
    for line in text.split("\n"):
        if line.startswith("- Date: "):
            date = line[len("- Date: "):]
        elif line.startswith("- Load average when the run started: "):
            loadavg = line[len("- Load average when the run started: "):].split(" (")[0]
    body = text[text.index("\n## Servers\n") + 1:].rstrip("\n").split("\n")
    body = ["#" + line if line.startswith("## ") or line.startswith("### ") else line
            for line in body]
    begin, end = SECTION_MARKS["transport"]
    return [begin, "## WebSocket transport", "",
            f"Measured {date}; load average when the run started: {loadavg}.", ""] + body + [end]


def rel(a):
    return os.path.relpath(a, ROOT) if os.path.isabs(a) and a.startswith(ROOT) else a


def results_table(w, rows, names, labels, results, ratio_pairs):
    """Writes a table of rows, one column per server, then one per (p, q) ratio."""
    header = "| Workload | Figure | " + " | ".join(labels[n] for n in names) + " |"
    sep = "| --- | --- | " + " | ".join("---:" for _ in names) + " |"
    for p, q in ratio_pairs:
        header += f" {labels[p].split(' ')[0]}/{labels[q].split(' ')[0]} |"
        sep += " ---: |"
    w(header)
    w(sep)
    for kind, label, getter, digits, better in rows:
        vals = [safe_get(getter, results.get(n, {}).get(kind)) for n in names]
        row = f"| {kind} | {label} | " + " | ".join(fmt(v, digits) for v in vals) + " |"
        for p, q in ratio_pairs:
            a = safe_get(getter, results[p].get(kind))
            b = safe_get(getter, results[q].get(kind))
            ratio = "n/a"
            if (isinstance(a, (int, float)) and isinstance(b, (int, float))
                    and not isinstance(a, bool) and not isinstance(b, bool) and b):
                ratio = f"{a / b:.2f}"
                if better:
                    ratio += f" ({better} is better)"
            row += f" {ratio} |"
        w(row)
    w("")


def failures_commands_raw(w, names, labels, results, commands, kinds):
    failed = [(n, k, r) for n in names for k, r in results.get(n, {}).items() if not r.get("ok")]
    if failed:
        w("#### Failures")
        w("")
        for n, k, r in failed:
            w(f"- {labels[n]}, {k}: {r.get('first_error') or 'failed'}")
        w("")
    w("### Commands")
    w("")
    w("Ports are picked free for each run; the server's pid is passed to the load generator "
      "(for its RSS or CPU time).")
    w("")
    w("```sh")
    for label, kind, server_argv, lg_argv in commands:
        w(f"# {label}: {kind}")
        w(shlex.join([rel(a) for a in server_argv]) + " &")
        w(shlex.join([rel(a) for a in lg_argv]))
    w("```")
    w("")
    w("### Raw results")
    w("")
    w("The load generator's JSON, one object per run.")
    w("")
    w("```json")
    for n in names:
        for kind in kinds:
            r = results.get(n, {}).get(kind)
            if r is not None:
                w(json.dumps({"server": n, **r}, sort_keys=True))
    w("```")


def transport_section(run):
    info, servers, results = run["info"], run["servers"], run["results"]
    settings, parley_note = run["settings"], run["note"]
    names = [s.name for s in servers]
    labels = {s.name: s.label for s in servers}
    out = []
    w = out.append
    w(SECTION_MARKS["transport"][0])
    w("## WebSocket transport")
    w("")
    w(f"Measured {info['date']}; load average when the run started: {info['loadavg']}.")
    w("")
    w("### Servers")
    w("")
    for s in servers:
        w(f"- **{s.label}**")
    if parley_note:
        w(f"- {parley_note}")
    w("")
    w("Each workload runs against a freshly started server, at the same settings for all: "
      f"idle {settings['idle']['connections']:,} connections; closed loop "
      f"{settings['closed']['connections']} connections for {settings['closed']['duration']} s "
      f"after {settings['closed']['warmup']} s warm-up, {settings['closed']['size']}-byte text "
      f"messages; open loop at half of each server's own closed-loop peak over "
      f"{settings['open']['connections']} connections; fanout to "
      f"{settings['fanout']['receivers']:,} receivers, {settings['fanout']['messages']:,} messages, "
      f"window {settings['fanout']['window']}.")
    w("")
    w("### Results")
    w("")
    pairs = [(p, q) for p, q in (("parley", "node"), ("floor", "node"), ("parley", "floor"))
             if p in names and q in names]
    if "floor" in names:
        w("**Floor (parley-floor)** is `bench/floor.c`: one thread on a bare epoll loop that "
          "upgrades on the key alone and echoes every complete frame of a read with one "
          "write(2); no UTF-8 check, no limits, no timeouts, no fragmentation, no libevent. No "
          "server that does the work RFC 6455 asks for can do less per message, so its closed-loop "
          "rate is the most any WebSocket server can reach on this machine with this load "
          "generator: Floor/Node bounds the Parley/Node ratio from above. It runs the closed and "
          "open loops only. The server CPU rows are the server's utime + stime over the whole "
          "run (warm-up included) divided by the run's wall time; exchanges per server "
          "CPU-second is the measured rate divided by that share.")
        w("")
    results_table(w, ROWS, names, labels, results, pairs)
    failures_commands_raw(w, names, labels, results, run["commands"],
                          ("idle", "closed", "open", "fanout"))
    w(SECTION_MARKS["transport"][1])
    return out


def tutor_section(run):
    info, servers, results = run["info"], run["servers"], run["results"]
    settings, notes = run["settings"], run["notes"]
    names = [s.name for s in servers]
    labels = {s.name: s.label for s in servers}
    closed, opn, fan = (settings["tutor-closed"], settings["tutor-open"],
                        settings["tutor-fanout"])
    out = []
    w = out.append
    w(SECTION_MARKS["tutor"][0])
    w("## AI tutor (seed 000)")
    w("")
    w(f"Measured {info['date']}; load average when the run started: {info['loadavg']}.")
    w("")
    w("One exchange: the client sends a `user_message` on `/ai-tutor/ws/{conversation_id}` and "
      "receives `user_message_received`, `typing_indicator`, `stream_start`, 20 `stream_chunk`, "
      "`stream_end` (its `fullText` checked against the chunks) and `stop_typing_indicator`. "
      "Every server answers with the same canned text, streamed without delay, so the figures "
      "measure the servers, not a model. What each workload measures: "
      "[bench/README.md](../bench/README.md#the-ai-tutor-workloads-seed-000).")
    w("")
    w("### Servers")
    w("")
    for s in servers:
        extra = ""
        if s.health and s.health.get("stack"):
            extra = f": {s.health['stack']}"
        elif s.name == "parley" and s.health and s.health.get("version"):
            extra = f": parleyd {s.health['version']}"
        elif s.name == "node":
            extra = f": node {info['node']}, ws {info['ws']}"
        w(f"- **{s.label}**{extra}")
    for note in notes:
        w(f"- {note}")
    w("")
    w("Each workload runs against a freshly started server, pinned as above, with the same "
      f"settings for all: closed loop {closed['connections']} connections, one conversation "
      f"each, for {closed['duration']} s after {closed['warmup']} s warm-up; open loop at half "
      f"of each server's own closed-loop peak over {opn['connections']} connections; fan-out of "
      f"{fan['messages']:,} exchanges, one after the other, to {fan['receivers']:,} receivers on "
      "one conversation. The server's CPU time (utime + stime of its process) is read at the "
      "edges of the measured window: when a server's CPU stays well below 100% (it waits on "
      "something else: the load generator's core, or its storage), compare the per-CPU-second "
      "rows. Parley runs "
      "with its default storage: every message is written to SQLite before it is confirmed; "
      "the references keep their conversations in memory.")
    w("")
    w("### Results")
    w("")
    pairs = [("parley", q) for q in ("fastapi", "node") if "parley" in names and q in names]
    results_table(w, TUTOR_ROWS, names, labels, results, pairs)
    w("")
    store_alone(w, run.get("store"), results)
    failures_commands_raw(w, names, labels, results, run["commands"], TUTOR_KINDS)
    w(SECTION_MARKS["tutor"][1])
    return out


def write_doc(path, info, transport, tutor, brains=None):
    """Writes the report; a suite that did not run (None) keeps its old section."""
    sections = []
    for name, run, make in (("transport", transport, transport_section),
                            ("tutor", tutor, tutor_section),
                            ("brains", brains, brains_section)):
        if run is not None:
            sections.append(make(run))
            continue
        kept = kept_section(path, name)
        if kept is None:
            begin, end = SECTION_MARKS[name]
            kept = [begin, f"## {SECTION_TITLES[name]}",
                    "", f"Not measured yet: run `bench/run.py --suite {name}`.", end]
        sections.append(kept)
    out = []
    w = out.append
    w("# Benchmarks")
    w("")
    w("Written by `bench/run.py` (`make bench`); rerun it rather than editing this file. "
      "What each workload measures and how to read the figures: "
      "[bench/README.md](../bench/README.md).")
    w("")
    w("## Machine")
    w("")
    w(f"- CPU: {info['cpu']}, {info['cores']} cores")
    w(f"- Memory: {info['memory']}")
    w(f"- Kernel: {info['kernel']}")
    w(f"- Date: {info['date']}")
    w(f"- Load average when the run started: {info['loadavg']} (other work on the machine skews "
      "the figures)")
    w(f"- Pinning: {info['pinning']}")
    fs = info.get("fsync")
    if fs:
        w(f"- Disk: fdatasync of a 4 KiB append in the data dirs' folder, 200 times when the run "
          f"started: p50 {fs['p50_ms']:.2f} ms, p99 {fs['p99_ms']:.2f} ms, max "
          f"{fs['max_ms']:.2f} ms. Every acknowledged message waits for one (group commit), so "
          "this bounds the tail of Parley's tutor latencies from below; the references keep "
          "their conversations in memory.")
    w(f"- Node {info['node']}, ws {info['ws']}")
    w("")
    for sec in sections:
        out.extend(sec)
        w("")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(out))
    os.replace(path + ".tmp", path)


# ------------------------------------------------------------------ brains


def last_json(text):
    """The last line of text that is a JSON object, or None."""
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                pass
    return None


def run_storebench(args, loadgen, pin, logdir, smoke):
    """The store alone: parley-storebench pinned to the servers' core, the
    ceiling SQLite puts on parleyd's exchanges. Returns {"argv", "result",
    "settings"}, or None when the tool is not built."""
    path = os.path.abspath(args.storebench or
                           os.path.join(os.path.dirname(loadgen), "parley-storebench"))
    if not os.access(path, os.X_OK):
        log(f"run.py: {rel(path)} is not built: the store is not measured alone.")
        return None
    cfg = STOREBENCH_SMOKE if smoke else STOREBENCH_FULL
    data_dir = tempfile.mkdtemp(prefix="storebench-", dir=logdir)
    argv = [path, "--data-dir", data_dir, "--conversations", str(cfg["conversations"]),
            "--duration", str(cfg["duration"]), "--warmup", str(cfg["warmup"]), "--json"]
    argv, r, err = run_tool(argv, pin, SERVER_CPU, timeout=60 + 3 * cfg["duration"])
    shutil.rmtree(data_dir, ignore_errors=True)
    r["ok"] = r.get("ok", True) and r.get("exchanges", 0) > 0
    if not r["ok"]:
        r.setdefault("first_error", (err.strip().splitlines() or ["no exchange"])[-1])
        log(f"  storebench: FAILED: {r['first_error']}")
    else:
        log(f"  storebench: {r['exchanges_per_s']:,.0f} exchanges/s, "
            f"{r['cpu_us_per_exchange']:.1f} us CPU and {r['bytes_written_per_exchange']:,.0f} "
            f"bytes written per exchange, acknowledgement p99 {r['ack_us']['p99']:,.0f} us")
    return {"argv": argv, "result": r, "settings": cfg}


def store_alone(w, store, results):
    """The tutor section's subsection on the store measured alone."""
    w("### The store alone")
    w("")
    if store is None:
        w("Not measured: parley-storebench is not built.")
        w("")
        return
    r, cfg = store["result"], store["settings"]
    w("`parley-storebench` drives the SQLite store exactly as parleyd does for each exchange "
      "(the user message, acknowledged once durable; then, lazily, the exchange's closing "
      "group: four state transitions, the answer, the conversation row), with no network and "
      "no server, pinned to the servers' core: "
      f"{cfg['conversations']} conversations in a closed loop for {cfg['duration']} s after "
      f"{cfg['warmup']} s warm-up. Its CPU time counts the loop and the store's threads "
      "together, so its exchanges per CPU-second are the most any one-core parleyd can reach "
      "with this store.")
    w("")
    if not r.get("ok"):
        w(f"Failed: {r.get('first_error', '?')}.")
        w("")
        return
    parley = (results.get("parley") or {}).get("tutor-closed") or {}
    per_cpu = 1e6 / r["cpu_us_per_exchange"] if r.get("cpu_us_per_exchange") else 0
    w("| Figure | Store alone |")
    w("|---|---:|")
    w(f"| exchanges/s | {r['exchanges_per_s']:,.0f} |")
    w(f"| CPU per exchange (us) | {r['cpu_us_per_exchange']:.1f} |")
    w(f"| exchanges per CPU-second | {per_cpu:,.0f} |")
    w(f"| bytes written per exchange | {r['bytes_written_per_exchange']:,.0f} |")
    w(f"| commits/s | {r['commits_per_s']:,.0f} |")
    w(f"| acknowledgement p50 (us) | {r['ack_us']['p50']:,.1f} |")
    w(f"| acknowledgement p99 (us) | {r['ack_us']['p99']:,.1f} |")
    if parley.get("ok") and parley.get("exchanges_per_server_cpu_s") and per_cpu:
        w(f"| parleyd's exchanges per server CPU-second, as a share of this | "
          f"{parley['exchanges_per_server_cpu_s'] / per_cpu:.0%} |")
    w("")
    w("Command: `" + " ".join(os.path.relpath(a, ROOT) if a.startswith(ROOT) else a
                             for a in store["argv"]) + "`")
    w("")


def run_tool(argv, pin, cpu, timeout):
    """Runs one of the brains suite's tools (printing one JSON object);
    returns (argv as run, result, stderr)."""
    argv = pinned(cpu, argv, pin) if cpu is not None else argv
    t0 = time.monotonic()
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return argv, {"ok": False, "first_error": f"timed out after {timeout} s"}, ""
    result = last_json(p.stdout)
    if result is None:
        tail = (p.stderr.strip().splitlines() or [""])[-1]
        result = {"ok": False, "first_error": f"no JSON (exit {p.returncode}) {tail}".strip()}
    if p.returncode != 0:
        result["ok"] = False
    result["wall_s"] = round(time.monotonic() - t0, 2)
    return argv, result, p.stderr


def health_of(port):
    """GET /health of a server on 127.0.0.1:port as a dict, or None."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/health")
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
        return json.loads(body) if resp.status == 200 else None
    except (OSError, ValueError, http.client.HTTPException):
        return None


def histogram_of(port, name):
    """The Prometheus histogram `name` of a server's /metrics as
    {"bounds": [(le, cumulative count)...], "count": n}, or None."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/metrics")
        resp = conn.getresponse()
        body = resp.read().decode("utf-8", "replace")
        conn.close()
    except (OSError, http.client.HTTPException):
        return None
    bounds, count = [], None
    for line in body.splitlines():
        m = re.match(re.escape(name) + r'_bucket\{le="([^"]+)"\} (\S+)$', line)
        if m:
            le = float("inf") if m.group(1) == "+Inf" else float(m.group(1))
            bounds.append((le, float(m.group(2))))
        elif line.startswith(name + "_count "):
            count = float(line.split()[1])
    return {"bounds": bounds, "count": count} if bounds and count is not None else None


def histogram_quantile_le(hist, q):
    """The upper bound of the bucket that holds quantile q (seconds), or None."""
    if not hist or not hist["count"]:
        return None
    for le, cum in hist["bounds"]:
        if cum >= q * hist["count"]:
            return le
    return None


def histogram_share_le(hist, bound):
    """The share of observations at most bound (a bucket bound, seconds), or None."""
    if not hist or not hist["count"]:
        return None
    for le, cum in hist["bounds"]:
        if abs(le - bound) < 1e-12:
            return cum / hist["count"]
    return None


def relay_write_timing(server, res):
    """parleyd's own timing of the relay (parley_relay_write_seconds) into res."""
    res["relay_write"] = histogram_of(server.port, "parley_relay_write_seconds")


def prefilled_parleyd(exe, template, kb_path, **extra):
    """parleyd's argv for a fresh data dir that first gets a copy of the
    filled knowledge base (and nothing else: the store starts empty)."""
    args = shlex.split(template)

    def argv_for(port, data_dir):
        if kb_path is not None:
            for suffix in ("", "-wal"):
                if os.path.exists(kb_path + suffix):
                    shutil.copyfile(kb_path + suffix,
                                    os.path.join(data_dir, "knowledge.db" + suffix))
        out = [exe]
        for a in args:
            a = a.replace("{port}", str(port)).replace("{data_dir}", data_dir)
            for k, v in extra.items():
                a = a.replace("{" + k + "}", str(v))
            out.append(a)
        return out
    return argv_for


def questions_args():
    out = []
    for f in QUESTION_FILES:
        out += ["--questions", f]
    return out


def lessons_workload_args(kind, cfg, port, server_pid, rate=None):
    # the lessons brain's answers vary in length: any number of chunks
    return tutor_workload_args(kind, cfg, port, server_pid, rate) + ["--chunks", "0"] + \
        questions_args()


def relay_workload_args(kind, cfg, port, server_pid, rate=None):
    return tutor_workload_args(kind, cfg, port, server_pid, rate) + [
        "--chunks", "0", "--stamps", "--stall-gap", str(cfg["stall_gap"])]


def open_files_check(streams):
    """Whether the processes of the relay run get the open files they need
    (each raises its soft limit to the hard one): parleyd holds two sockets
    per stream (the client's WebSocket and the provider connection) plus
    its files; the fake and the load generator one each. Returns
    (ok, note)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = 2 * streams + 256
    limit = hard if hard != resource.RLIM_INFINITY else 1 << 20
    note = (f"Open files: the limit is {soft:,} (hard {hard:,}) per process; parleyd needs about "
            f"{need:,} for {streams:,} streams (a WebSocket and a provider connection each, plus "
            f"its files). With an LLM brain and no --max-connections, parleyd splits the limit "
            f"less 96 into halves, one for client connections and one for provider connections; "
            f"--max-connections-per-ip (1,024) is not reached: the load "
            f"generator spreads its sockets over 64 loopback addresses.")
    return limit >= need, note


def run_brains(args, loadgen, pin, logdir, smoke):
    cfg = BRAINS_SMOKE if smoke else BRAINS_FULL
    notes, commands = [], []
    results = {"tools": {}}
    tools_dir = os.path.dirname(loadgen)
    kbfill = os.path.abspath(args.kbfill or os.path.join(tools_dir, "parley-kbfill"))
    brainbench = os.path.abspath(args.brainbench or os.path.join(tools_dir, "parley-brainbench"))
    fakellm = os.path.abspath(args.fakellm or os.path.join(tools_dir, "parley-fakellm"))
    parleyd = os.path.abspath(args.parleyd)
    have_parleyd = os.access(parleyd, os.X_OK) and parleyd_has_brain(parleyd)
    if not have_parleyd:
        notes.append(f"parleyd: not measured: {rel(parleyd)} is not built (or has no --brain).")
    if not QUESTION_FILES:
        notes.append("No tests/eval/questions-*.tsv: the lessons workloads did not run.")

    # 1. The knowledge base: the documents of user BRAINS_USER.
    kb_path = None
    if not os.access(kbfill, os.X_OK):
        notes.append(f"{rel(kbfill)} is not built (it needs the whole tree): no knowledge base, "
                     "so the lessons measurements did not run.")
    else:
        kb_dir = tempfile.mkdtemp(prefix="brains-kb-", dir=logdir)
        argv, r, err = run_tool([kbfill, "--data-dir", kb_dir, "--lessons-dir", LESSONS_DIR,
                                 "--pages", str(cfg["kbfill"]["pages"]), "--user", BRAINS_USER,
                                 "--json"], pin, None, 900)
        commands.append(("knowledge base", None, argv))
        results["tools"]["kbfill"] = r
        status = "ok" if r.get("ok") else "FAILED: " + (r.get("first_error") or "see output")
        log(f"  kbfill       {r.get('documents', '?')} documents, {r.get('pages', '?')} pages, "
            f"{r.get('passages', '?')} passages in {r.get('seconds', '?')} s  [{status}]")
        if r.get("ok"):
            kb_path = os.path.join(kb_dir, "knowledge.db")

    # 2. The brains driven directly: retrieval cost against the canned floor.
    if kb_path is not None and QUESTION_FILES:
        if not os.access(brainbench, os.X_OK):
            notes.append(f"{rel(brainbench)} is not built: no direct brain measurement.")
        else:
            b = cfg["brainbench"]
            # over the filled knowledge base, then (to show what the documents
            # cost) over one holding the curriculum only
            for key, what, copy in (
                    ("brainbench", "curriculum + documents",
                     os.path.join(logdir, "brainbench-knowledge.db")),
                    ("brainbench-curriculum", "curriculum only",
                     os.path.join(logdir, "brainbench-curriculum.db"))):
                if key == "brainbench":
                    shutil.copyfile(kb_path, copy)
                argv, r, err = run_tool([brainbench, "--kb", copy, "--lessons-dir", LESSONS_DIR,
                                         "--user", BRAINS_USER, "--turns", str(b["turns"]),
                                         "--warmup", str(b["warmup"]),
                                         "--conversations", str(b["conversations"]), "--json"]
                                        + questions_args(), pin, SERVER_CPU, 900)
                commands.append((f"brains on an event loop, {what}", None, argv))
                results["tools"][key] = r
                status = "ok" if r.get("ok") else "FAILED: " + (r.get("first_error") or
                                                                "see output")
                br = r.get("brains") or {}
                log(f"  brainbench   {what}: first chunk p99 " + ", ".join(
                    f"{k} {fmt((br.get(k, {}).get('first_chunk_us') or {}).get('p99'))} us"
                    for k in ("canned", "lessons", "lessons+docs")) + f"  [{status}]")
                if not r.get("ok") and err.strip():
                    for line in err.strip().splitlines()[-4:]:
                        log("          " + line)

    # 3. The lessons brain through parleyd, against the canned brain.
    if kb_path is not None and have_parleyd and QUESTION_FILES:
        lc = cfg["lessons"]
        for name, brain, label in (("lessons", "lessons", "parleyd --brain lessons"),
                                   ("canned", "canned", "parleyd --brain canned")):
            results[name] = {}
            for conc in lc["concurrency"]:
                log(f"{label}, {conc} conversation{'s' if conc > 1 else ''} "
                    "(seed 000, evaluation questions):")
                settings = {"tutor-closed": {"connections": conc, "duration": lc["duration"],
                                             "warmup": lc["warmup"]}}
                server = Server(name, label,
                                prefilled_parleyd(parleyd, LESSONS_ARGS, kb_path, brain=brain,
                                                  lessons=LESSONS_DIR), pin, logdir)
                cmds = []
                r = run_server_suite(server, loadgen, settings, pin, cmds,
                                     kinds=("tutor-closed",), args_for=lessons_workload_args)
                results[name][f"tutor-closed C={conc}"] = r["tutor-closed"]
                commands += [(f"{lbl}, C={conc}", srv, lg) for lbl, kind, srv, lg in cmds]

    # 4. The provider relay: the fake straight to the load generator, then through parleyd.
    rc = cfg["relay"]
    enough, files_note = open_files_check(rc["streams"])
    notes.append(files_note)
    if not os.access(fakellm, os.X_OK):
        notes.append(f"{rel(fakellm)} is not built: the relay did not run.")
    elif not enough:
        notes.append("The relay did not run: the open-file limit is too low.")
        results["relay-direct"] = {"llm-direct": {"ok": False,
                                                  "first_error": "open-file limit too low"}}
    else:
        fake_args = lambda port, data_dir: [fakellm, "--port", str(port), "--tokens",
                                            str(rc["tokens"]), "--interval-ms",
                                            str(rc["interval_ms"])]
        fake = Server("fakellm", "parley-fakellm", fake_args, pin, logdir, cpu=LOADGEN_CPU)
        log(f"provider relay: {rc['streams']} streams of {rc['tokens']} tokens, "
            f"{rc['interval_ms']} ms apart:")
        # (a) direct: no parleyd
        try:
            fake.start()
            argv, r, err = run_loadgen(loadgen, ["llm-direct", "--port", str(fake.port),
                                                 "-c", str(rc["streams"]),
                                                 "--duration", str(rc["duration"]),
                                                 "--warmup", str(rc["warmup"]),
                                                 "--stall-gap", str(rc["stall_gap"])],
                                       pin, 120)
            r["provider"] = health_of(fake.port)
            commands.append(("provider relay, direct: parley-fakellm", fake.argv, argv))
        except RuntimeError as e:
            r, err = {"ok": False, "first_error": str(e)}, ""
        finally:
            fake.stop()
        results["relay-direct"] = {"llm-direct": r}
        log_relay("direct", r, err)
        # (b) through parleyd
        if have_parleyd:
            try:
                fake.start()
                server = Server("relay", "parleyd --brain openai",
                                prefilled_parleyd(parleyd, RELAY_ARGS, None, fake_port=fake.port),
                                pin, logdir)
                cmds = []
                res = run_server_suite(server, loadgen,
                                       {"tutor-closed": {"connections": rc["streams"],
                                                         "duration": rc["duration"],
                                                         "warmup": rc["warmup"],
                                                         "stall_gap": rc["stall_gap"]}},
                                       pin, cmds, kinds=("tutor-closed",),
                                       args_for=relay_workload_args,
                                       before_stop=relay_write_timing)
                res["tutor-closed"]["provider"] = health_of(fake.port)
                commands.append(("provider relay: parley-fakellm", fake.argv, None))
                commands += [(lbl, srv, lg) for lbl, kind, srv, lg in cmds]
            except RuntimeError as e:
                res = {"tutor-closed": {"ok": False, "first_error": str(e)}}
            finally:
                fake.stop()
            results["relay-parleyd"] = res
            log_relay("through parleyd", res["tutor-closed"], "")
    return {"settings": cfg, "notes": notes, "results": results, "commands": commands}


def log_relay(what, r, err):
    t = r.get("token_latency_us") or {}
    status = "ok" if r.get("ok") else "FAILED: " + (r.get("first_error") or "see output")
    log(f"  {what:16s} {fmt(r.get('chunks_per_s'), 0)} chunks/s, token latency p50 "
        f"{fmt(t.get('p50'))} us, p99 {fmt(t.get('p99'))} us, max {fmt(t.get('max'))} us, "
        f"stalled streams {fmt(r.get('stalled_streams'), 0)}  [{status}]")
    if not r.get("ok") and err.strip():
        for line in err.strip().splitlines()[-4:]:
            log("          " + line)


def hist_get(r, hist, key):
    return ((r or {}).get(hist) or {}).get(key)


def brains_section(run):
    info, cfg, notes = run["info"], run["settings"], run["notes"]
    res = run["results"]
    tools = res.get("tools", {})
    kb, bb = tools.get("kbfill") or {}, tools.get("brainbench") or {}
    brains = bb.get("brains") or {}
    bare = (tools.get("brainbench-curriculum") or {}).get("brains") or {}
    out = []
    w = out.append
    w(SECTION_MARKS["brains"][0])
    w("## Brains: the lessons tutor and the LLM provider relay")
    w("")
    w(f"Measured {info['date']} on {info['cpu']} ({info['cores']} cores); load average when the "
      f"run started: {info['loadavg']}. Latencies in microseconds.")
    w("")
    w("Targets: the lessons brain's p99 time to first chunk at most "
      f"{TARGET_LESSONS_P99_US / 1000:g} ms with the bundled curriculum plus 2,000 indexed "
      "document pages; the provider relay at most "
      f"{TARGET_RELAY_P99_US / 1000:g} ms p99 from a token's arrival to its frame being "
      "written, 500 concurrent streams from the local fake provider without a stall. Each is "
      "measured here against a reference run in the same session (the canned brain; the fake "
      "provider read directly), never asserted by a timed test.")
    w("")
    for note in notes:
        w(f"- {note}")
    if notes:
        w("")

    # ---- knowledge base
    w("### Knowledge base")
    w("")
    if kb:
        w(f"`parley-kbfill` added {fmt(kb.get('documents_added'), 0)} synthetic documents "
          f"({fmt(kb.get('pages_added'), 0)} pages, {fmt(kb.get('bytes_added'), 0)} bytes, "
          f"{fmt(kb.get('passages'), 0)} indexed passages) for user {BRAINS_USER} in "
          f"{fmt(kb.get('seconds'), 2)} s, on top of the {fmt(kb.get('lessons'), 0)} bundled "
          "lessons. Each document (3-24 pages, a PDF, Word or text file name) follows one "
          "lesson: its sentences are new, generated by a word-bigram chain over that lesson's "
          "text with a share from a second lesson, so they use the curriculum's vocabulary and "
          "the searches reach them. The same file is copied into every data dir below.")
    else:
        w("Not built: no knowledge base.")
    w("")

    # ---- brainbench
    w("### Lessons brain on an event loop (parley-brainbench)")
    w("")
    if brains:
        b = cfg["brainbench"]
        w(f"Each brain, fresh, answers {b['turns']:,} turns after {b['warmup']:,} of warm-up, "
          f"over {b['conversations']} conversations, asking the {fmt(bb.get('questions'), 0)} "
          "evaluation questions round-robin; the time is from just before `start()` to the "
          "first `on_chunk` (the lessons brain computes its whole reply inside `start()`: the "
          "interpreter, the knowledge-base searches, the sentence picking). `canned` is the "
          "floor (everything but retrieval); `lessons` is the tutor dialect's request "
          "(documents off, though the index holds them); `lessons+docs` is the StudyMate "
          "dialect's (the user's documents searched and cited). Pinned to CPU "
          f"{SERVER_CPU}. The last two columns are the same run over a knowledge base "
          "holding the curriculum only: what the documents in the index cost.")
        w("")
        cols = [(n, n, brains[n]) for n in ("canned", "lessons", "lessons+docs") if n in brains]
        cols += [(f"{n}, curriculum only", n, bare[n]) for n in ("lessons", "lessons+docs")
                 if n in bare]
        w("| Figure | " + " | ".join(c[0] for c in cols) + " |")
        w("| --- | " + " | ".join("---:" for _ in cols) + " |")
        rows = [("turns measured", lambda r: r.get("turns"), 0),
                ("first chunk p50", lambda r: hist_get(r, "first_chunk_us", "p50"), 1),
                ("first chunk p90", lambda r: hist_get(r, "first_chunk_us", "p90"), 1),
                ("first chunk p99", lambda r: hist_get(r, "first_chunk_us", "p99"), 1),
                ("first chunk p99.9", lambda r: hist_get(r, "first_chunk_us", "p999"), 1),
                ("first chunk max", lambda r: hist_get(r, "first_chunk_us", "max"), 1),
                ("first chunk mean", lambda r: hist_get(r, "first_chunk_us", "mean"), 1),
                ("whole answer p99", lambda r: hist_get(r, "answer_us", "p99"), 1),
                ("answers citing a document", lambda r: r.get("citing_documents"), 0),
                ("errors", lambda r: r.get("errors"), 0)]
        for label, get, digits in rows:
            w(f"| {label} | " + " | ".join(fmt(safe_get(get, c[2]), digits)
                                           for c in cols) + " |")
        w("")
        c99 = hist_get(brains.get("canned"), "first_chunk_us", "p99")
        for n in ("lessons", "lessons+docs"):
            v99 = hist_get(brains.get(n), "first_chunk_us", "p99")
            v50 = hist_get(brains.get(n), "first_chunk_us", "p50")
            c50 = hist_get(brains.get("canned"), "first_chunk_us", "p50")
            b99 = hist_get(bare.get(n), "first_chunk_us", "p99")
            if isinstance(v99, (int, float)) and isinstance(c99, (int, float)):
                verdict = "met" if v99 <= TARGET_LESSONS_P99_US else "**not met**"
                extra = ""
                if isinstance(b99, (int, float)) and b99 > 0:
                    extra = (f" Over the curriculum alone its p99 is {b99 / 1000:.2f} ms: the "
                             f"documents multiply it by {v99 / b99:.1f}.")
                w(f"- `{n}` adds {(v50 - c50) / 1000:.2f} ms at p50 and "
                  f"{(v99 - c99) / 1000:.2f} ms at p99 over canned; its p99 is "
                  f"{v99 / 1000:.2f} ms against the {TARGET_LESSONS_P99_US / 1000:g} ms target: "
                  f"{verdict}.{extra}")
        w("")
    else:
        w("Not measured." + (f" ({bb.get('first_error')})" if bb.get("first_error") else ""))
        w("")

    # ---- lessons through parleyd
    w("### Lessons brain through parleyd (seed 000)")
    w("")
    lres, cres = res.get("lessons") or {}, res.get("canned") or {}
    if lres or cres:
        lc = cfg["lessons"]
        concs = ", ".join(str(c) for c in lc["concurrency"])
        w(f"`parley-loadgen tutor-closed --questions ...`: C conversations (C = {concs}), each "
          "sending the evaluation questions round-robin (conversation i starts at question "
          f"i x N / C), one exchange at a time, for {lc['duration']} s after {lc['warmup']} s "
          "warm-up; against `parleyd --brain lessons` and, as the reference, `parleyd --brain "
          "canned` (its fixed 20-chunk answer), both on a data dir holding the filled knowledge "
          f"base, both pinned to CPU {SERVER_CPU}. First chunk = `user_message` sent to the "
          "first `stream_chunk` received: the dialect, the engine, the store's confirmation of "
          "the user message and the brain. With one conversation that is the service time of "
          "one exchange; with more, the closed loop saturates the server and the latency is "
          "mostly the queue of the other conversations' turns (the brain runs on the loop), "
          "so read exchanges/s there.")
        w("")
        w("| Workload | Figure | parleyd --brain lessons | parleyd --brain canned | "
          "lessons - canned | lessons/canned |")
        w("| --- | --- | ---: | ---: | ---: | ---: |")
        rows = [("exchanges/s", lambda r: r.get("rate"), 0),
                ("first chunk p50", lambda r: hist_get(r, "first_chunk_us", "p50"), 1),
                ("first chunk p90", lambda r: hist_get(r, "first_chunk_us", "p90"), 1),
                ("first chunk p99", lambda r: hist_get(r, "first_chunk_us", "p99"), 1),
                ("first chunk max", lambda r: hist_get(r, "first_chunk_us", "max"), 1),
                ("stream_end p50", lambda r: lat(r, "p50"), 1),
                ("stream_end p99", lambda r: lat(r, "p99"), 1),
                ("server CPU in the window (%)", lambda r: pct(r.get("server_cpu_util")), 0),
                ("exchanges per server CPU-second",
                 lambda r: known(r.get("exchanges_per_server_cpu_s")), 0),
                ("errors", lambda r: r.get("errors"), 0)]
        for conc in lc["concurrency"]:
            key = f"tutor-closed C={conc}"
            lr, cr = lres.get(key), cres.get(key)
            for label, get, digits in rows:
                a, b = safe_get(get, lr), safe_get(get, cr)
                diff = ratio = "n/a"
                if isinstance(a, (int, float)) and isinstance(b, (int, float)) and \
                        not isinstance(a, bool) and label != "errors":
                    diff = fmt(a - b, digits)
                    ratio = f"{a / b:.2f}" if b else "n/a"
                w(f"| C={conc} | {label} | {fmt(a, digits)} | {fmt(b, digits)} | {diff} | "
                  f"{ratio} |")
        w("")
        one = lres.get(f"tutor-closed C={lc['concurrency'][0]}")
        v99 = hist_get(one, "first_chunk_us", "p99")
        if isinstance(v99, (int, float)):
            verdict = "met" if v99 <= TARGET_LESSONS_P99_US else "**not met**"
            w(f"- Through parleyd, one conversation at a time, the lessons brain's p99 time to "
              f"first chunk is {v99 / 1000:.2f} ms against the "
              f"{TARGET_LESSONS_P99_US / 1000:g} ms target: {verdict}.")
            w("")
    else:
        w("Not measured.")
        w("")

    # ---- relay
    w("### LLM provider relay")
    w("")
    rd = (res.get("relay-direct") or {}).get("llm-direct")
    rp = (res.get("relay-parleyd") or {}).get("tutor-closed")
    rc = cfg["relay"]
    if rd or rp:
        w(f"`parley-fakellm` streams every answer as {rc['tokens']} deltas "
          f"{rc['interval_ms']} ms apart (the first after a random delay below one interval, so "
          "the streams do not tick in step); each delta's content is its send time, "
          "`t=<CLOCK_MONOTONIC microseconds> `, read back by the load generator on the same "
          f"machine: token latency = receive time - send time. {rc['streams']:,} streams run at "
          f"once, each starting the next when it ends, for {rc['duration']} s after "
          f"{rc['warmup']} s warm-up. **Direct** (the reference): `parley-loadgen llm-direct` "
          "reads the fake's SSE over HTTP/1.1 keep-alive itself. **Through parleyd**: "
          f"{rc['streams']:,} seed 000 conversations (`tutor-closed --stamps`) against "
          "`parleyd --brain openai --llm-base-url http://127.0.0.1:PORT/v1`, the stamp read "
          "out of every `stream_chunk`. The fake and the load generator share CPU "
          f"{LOADGEN_CPU} in both runs, parleyd has CPU {SERVER_CPU}: the difference is what "
          "parleyd's relay adds (libcurl, the SSE parser, the engine, the WebSocket frame) plus "
          "the extra hop's queueing, so it bounds the relay's own cost from above. A stall is a "
          f"stream with a gap of more than {rc['stall_gap']} s between two of its pieces, or "
          "one that failed or never finished. parleyd runs at its defaults, titles included "
          "(`--llm-titles`: on a conversation's first answer it also asks the same fake for a "
          "title, one more stream as slow as any other); a wait for it would show in the last "
          "piece to `stream_end` row.")
        w("")
        w("| Figure | through parleyd | direct (no parleyd) | parleyd - direct | parleyd/direct |")
        w("| --- | ---: | ---: | ---: | ---: |")
        rows = [("streams completed per second", lambda r: r.get("rate"), 1),
                ("pieces (chunks, deltas) per second", lambda r: r.get("chunks_per_s"), 0),
                ("token latency p50", lambda r: hist_get(r, "token_latency_us", "p50"), 1),
                ("token latency p90", lambda r: hist_get(r, "token_latency_us", "p90"), 1),
                ("token latency p99", lambda r: hist_get(r, "token_latency_us", "p99"), 1),
                ("token latency p99.9", lambda r: hist_get(r, "token_latency_us", "p999"), 1),
                ("token latency max", lambda r: hist_get(r, "token_latency_us", "max"), 1),
                ("token latency mean", lambda r: hist_get(r, "token_latency_us", "mean"), 1),
                ("first piece p50 (user_message or request sent)",
                 lambda r: hist_get(r, "first_chunk_us" if "first_chunk_us" in r
                                    else "first_token_us", "p50"), 1),
                ("last piece to stream_end p50",
                 lambda r: hist_get(r, "end_wait_us", "p50"), 1),
                ("last piece to stream_end p99",
                 lambda r: hist_get(r, "end_wait_us", "p99"), 1),
                ("stalled streams (gap over the limit)", lambda r: r.get("stalled_streams"), 0),
                ("streams failed or unfinished", lambda r: (r.get("lost") or 0) +
                 (r.get("errors") or 0), 0),
                ("longest gap inside a stream (ms)", lambda r: r["max_gap_us"] / 1000, 1),
                ("server CPU in the window (%)", lambda r: pct(r.get("server_cpu_util")), 0),
                ("server CPU per piece relayed (us)",
                 lambda r: known(r["server_cpu_util"]) * 1e6 / r["chunks_per_s"], 1),
                ("load generator CPU (%)", lambda r: pct(r.get("loadgen_cpu_util")), 0)]
        for label, get, digits in rows:
            a, b = safe_get(get, rp), safe_get(get, rd)
            diff = ratio = "n/a"
            if label.startswith(("token latency", "first piece")) and \
                    isinstance(a, (int, float)) and isinstance(b, (int, float)):
                diff = fmt(a - b, digits)
                ratio = f"{a / b:.2f}" if b else "n/a"
            w(f"| {label} | {fmt(a, digits)} | {fmt(b, digits)} | {diff} | {ratio} |")
        w("")
        a99 = hist_get(rp, "token_latency_us", "p99")
        b99 = hist_get(rd, "token_latency_us", "p99")
        a50 = hist_get(rp, "token_latency_us", "p50")
        b50 = hist_get(rd, "token_latency_us", "p50")
        if all(isinstance(v, (int, float)) for v in (a99, b99, a50, b50)):
            verdict = "met" if a99 - b99 <= TARGET_RELAY_P99_US else "**not met**"
            stalls = (rp.get("stalled_streams") or 0) + (rp.get("lost") or 0) + \
                (rp.get("errors") or 0)
            w(f"- End to end, parleyd's relay adds {(a50 - b50) / 1000:.3f} ms at p50 and "
              f"{(a99 - b99) / 1000:.3f} ms at p99 over the direct stream; against the "
              f"{TARGET_RELAY_P99_US / 1000:g} ms p99 target: {verdict}. Stalled or failed "
              f"streams through parleyd: {stalls:,} (target: none).")
        hw = (rp or {}).get("relay_write")
        if hw and hw.get("count"):
            p50 = histogram_quantile_le(hw, 0.50)
            p99 = histogram_quantile_le(hw, 0.99)
            share = histogram_share_le(hw, TARGET_RELAY_P99_US / 1e6)
            verdict = ("met" if share is not None and share >= 0.99 else "**not met**")
            share_s = f"{share * 100:.2f}%" if share is not None else "n/a"
            w(f"- Inside parleyd, from a provider's data reaching the loop (libcurl called on "
              f"its socket) to the frames it produced being written (`parley_relay_write_"
              f"seconds` of `/metrics`, {hw['count']:,.0f} rounds, warm-up included): p50 at "
              f"most {p50 * 1e6:,.0f} us, p99 at most {p99 * 1e6:,.0f} us (bucket bounds); "
              f"{share_s} within {TARGET_RELAY_P99_US / 1000:g} ms, so the "
              f"{TARGET_RELAY_P99_US / 1000:g} ms p99 target on this span: {verdict}. The "
              "end-to-end figures add the time a token waits in the kernel's socket buffers "
              "while the loop serves other sockets: with 500 streams, tokens arrive in bursts "
              "and wait behind each other's work.")
        for name, r in (("through parleyd", rp), ("direct", rd)):
            prov = (r or {}).get("provider")
            if prov:
                w(f"- The fake after the run {name}: {prov.get('streams_started', 0):,} streams "
                  f"started, {prov.get('streams_completed', 0):,} completed, "
                  f"{prov.get('streams_abandoned', 0):,} abandoned by the client, "
                  f"{prov.get('tokens_sent', 0):,} tokens sent.")
        w("")
    else:
        w("Not measured.")
        w("")

    failed = []
    for group, by_kind in res.items():
        for kind, r in (by_kind or {}).items():
            if isinstance(r, dict) and not r.get("ok"):
                failed.append(f"{group} {kind}: {r.get('first_error') or 'failed'}")
    if failed:
        w("#### Failures")
        w("")
        for f in failed:
            w(f"- {f}")
        w("")
    w("### Commands")
    w("")
    w("Ports are picked free for each run; `{data_dir}` is a fresh folder holding a copy of the "
      "filled `knowledge.db`.")
    w("")
    w("```sh")
    for label, server_argv, lg_argv in run["commands"]:
        w(f"# {label}")
        if server_argv:
            w(shlex.join([rel(a) for a in server_argv]) + " &")
        if lg_argv:
            w(shlex.join([rel(a) for a in lg_argv]))
    w("```")
    w("")
    w("### Raw results")
    w("")
    w("```json")
    for group, by_kind in res.items():
        for kind, r in (by_kind or {}).items():
            if isinstance(r, dict):
                w(json.dumps({"run": f"{group}/{kind}", **r}, sort_keys=True))
    w("```")
    w(SECTION_MARKS["brains"][1])
    return out


def parleyd_has_brain(parleyd):
    """Whether parleyd's --help lists --brain (the conversation engine is in)."""
    try:
        p = subprocess.run([parleyd, "--help"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "--brain" in (p.stdout + p.stderr)


def fastapi_missing(python):
    """Why the FastAPI reference cannot run under python, or None when it can."""
    if not os.access(python, os.X_OK):
        return f"{python} is not there"
    p = subprocess.run([python, "-c", "import fastapi, uvicorn"], capture_output=True, text=True)
    if p.returncode != 0:
        return (f"{python} lacks fastapi or uvicorn (Debian: python3-fastapi python3-uvicorn; "
                "tools/install-deps.sh --test)")
    return None


def server_args(exe, template):
    args = shlex.split(template)
    return lambda port, data_dir: [exe] + [
        a.replace("{port}", str(port)).replace("{data_dir}", data_dir) for a in args]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--loadgen", default=os.environ.get("PARLEY_LOADGEN",
                                                         os.path.join(ROOT, "build", "bench",
                                                                      "parley-loadgen")))
    ap.add_argument("--testd", default=os.environ.get("PARLEY_TESTD",
                                                       os.path.join(ROOT, "build", "parley-testd")))
    ap.add_argument("--testd-args", default=os.environ.get("PARLEY_TESTD_ARGS", TESTD_ARGS),
                    help=f'server arguments, {{port}} and {{data_dir}} replaced (default "{TESTD_ARGS}")')
    ap.add_argument("--parleyd", default=os.environ.get("PARLEY_PARLEYD",
                                                         os.path.join(ROOT, "build", "parleyd")))
    ap.add_argument("--parleyd-args", default=os.environ.get("PARLEY_PARLEYD_ARGS", PARLEYD_ARGS),
                    help=f'parleyd arguments for the tutor suite (default "{PARLEYD_ARGS}")')
    ap.add_argument("--python", default=FASTAPI_PYTHON,
                    help=f"interpreter with fastapi and uvicorn (default {FASTAPI_PYTHON})")
    ap.add_argument("--kbfill", default=os.environ.get("PARLEY_KBFILL"),
                    help="parley-kbfill (default: next to the load generator)")
    ap.add_argument("--brainbench", default=os.environ.get("PARLEY_BRAINBENCH"),
                    help="parley-brainbench (default: next to the load generator)")
    ap.add_argument("--storebench", default=os.environ.get("PARLEY_STOREBENCH"),
                    help="parley-storebench (default: next to the load generator)")
    ap.add_argument("--fakellm", default=os.environ.get("PARLEY_FAKELLM"),
                    help="parley-fakellm (default: next to the load generator)")
    ap.add_argument("--suite", choices=("all", "transport", "tutor", "brains"), default="all",
                    help="which suite to run (default all); the report keeps the others' sections")
    ap.add_argument("--smoke", action="store_true",
                    help="short run with small counts; fails on any error; writes no doc")
    ap.add_argument("--node-only", action="store_true",
                    help="skip Parley (parley-testd and parleyd) even if present")
    ap.add_argument("--out", default=DOC, help="where the full run writes its report")
    ap.add_argument("--logdir", default=None, help="server logs (default: a temporary folder)")
    args = ap.parse_args()

    loadgen = os.path.abspath(args.loadgen)
    if not os.access(loadgen, os.X_OK):
        print(f"run.py: no load generator at {loadgen}: build the parley-loadgen target "
              "(or pass --loadgen / PARLEY_LOADGEN)", file=sys.stderr)
        return 2
    needs_node = args.suite in ("all", "transport", "tutor")
    if needs_node and shutil.which("node") is None:
        print("run.py: node is not installed", file=sys.stderr)
        return 2
    if needs_node and not os.path.isdir(os.path.join(NODE_DIR, "node_modules", "ws")):
        print("run.py: the ws package is missing: run `npm ci --prefix tests/node`",
              file=sys.stderr)
        return 2
    pin = shutil.which("taskset") is not None and (os.cpu_count() or 1) >= 2
    if not pin:
        log("run.py: taskset or a second CPU is missing: running unpinned")

    logdir = args.logdir
    own_logdir = logdir is None
    if own_logdir:
        logdir = tempfile.mkdtemp(prefix="parley-bench-")
    os.makedirs(logdir, exist_ok=True)

    info = machine_info(pin)
    try:
        if float(info["loadavg"].split()[0]) > 1.0:
            log(f"run.py: load average {info['loadavg']}: other work on the machine will skew "
                "the figures")
    except ValueError:
        pass
    t0 = time.monotonic()
    all_results = []
    transport = tutor = brains = None

    if args.suite in ("all", "transport"):
        servers = []
        parley_note = None
        testd = os.path.abspath(args.testd)
        if not args.node_only and os.access(testd, os.X_OK):
            servers.append(Server("parley", "Parley (parley-testd)",
                                  server_args(testd, args.testd_args), pin, logdir))
        else:
            parley_note = (f"Parley: not measured: {os.path.relpath(testd, ROOT)} is not built "
                           "yet, so only the Node reference ran." if not args.node_only
                           else "Parley: skipped (--node-only).")
            log("run.py: " + parley_note)
        servers.append(Server("node", "Node ws reference",
                              lambda port, data_dir: ["node", REF_SERVER, str(port)], pin, logdir))
        floor = os.path.join(os.path.dirname(loadgen), "parley-floor")
        if os.access(floor, os.X_OK):
            servers.append(Server("floor", "Floor (parley-floor)",
                                  lambda port, data_dir: [floor, str(port)], pin, logdir))
        settings = SMOKE if args.smoke else FULL
        results = {}
        commands = []
        log("WebSocket transport:")
        for s in servers:
            log(f"{s.label}:")
            # the floor echoes and nothing else: no rooms, no idle limits to speak of
            kinds = ("closed", "open") if s.name == "floor" else ("idle", "closed", "open", "fanout")
            results[s.name] = run_server_suite(s, loadgen, settings, pin, commands, kinds=kinds)
        all_results.append(results)
        transport = {"info": info, "servers": servers, "results": results,
                     "commands": commands, "settings": settings, "note": parley_note}

    if args.suite in ("all", "tutor"):
        servers = []
        notes = []
        parleyd = os.path.abspath(args.parleyd)
        shown = os.path.relpath(parleyd, ROOT)
        if args.node_only:
            notes.append("Parley: skipped (--node-only).")
        elif not os.access(parleyd, os.X_OK):
            notes.append(f"Parley: not measured: {shown} is not built yet, so only the "
                         "references ran.")
        elif not parleyd_has_brain(parleyd):
            notes.append(f"Parley: not measured: {shown} has no --brain option yet (the "
                         "conversation engine and its canned brain have not landed), so only "
                         "the references ran.")
        else:
            servers.append(Server("parley", "Parley (parleyd --brain canned)",
                                  server_args(parleyd, args.parleyd_args), pin, logdir))
        why = fastapi_missing(args.python)
        if why is None:
            servers.append(Server("fastapi", "FastAPI reference",
                                  lambda port, data_dir: [args.python, TUTOR_FASTAPI, str(port)],
                                  pin, logdir))
        else:
            notes.append(f"FastAPI reference: not measured: {why}.")
        servers.append(Server("node", "Node reference",
                              lambda port, data_dir: ["node", TUTOR_NODE, str(port)], pin, logdir))
        for note in notes:
            log("run.py: " + note)
        settings = TUTOR_SMOKE if args.smoke else TUTOR_FULL
        results = {}
        commands = []
        log("AI tutor (seed 000):")
        for s in servers:
            log(f"{s.label}:")
            results[s.name] = run_server_suite(s, loadgen, settings, pin, commands,
                                               kinds=TUTOR_KINDS, args_for=tutor_workload_args,
                                               fresh=not args.smoke)
        all_results.append(results)
        store = run_storebench(args, loadgen, pin, logdir, args.smoke)
        if store is not None:
            all_results.append({"store": {"storebench": store["result"]}})
        tutor = {"info": info, "servers": servers, "results": results, "commands": commands,
                 "settings": settings, "notes": notes, "store": store}

    if args.suite in ("all", "brains"):
        log("Brains (lessons, provider relay):")
        brains = run_brains(args, loadgen, pin, logdir, args.smoke)
        brains["info"] = info
        for note in brains["notes"]:
            log("run.py: " + note)
        all_results.append(brains["results"])

    elapsed = time.monotonic() - t0
    ok = all(r.get("ok") for results in all_results for res in results.values()
             for r in res.values())
    log(f"run.py: {'smoke' if args.smoke else 'full'} run took {elapsed:.1f} s: "
        f"{'all workloads ok' if ok else 'SOME WORKLOADS FAILED'}")

    if not args.smoke:
        write_doc(args.out, info, transport, tutor, brains)
        log(f"run.py: wrote {os.path.relpath(args.out, ROOT)}")
    if ok and own_logdir:
        shutil.rmtree(logdir, ignore_errors=True)
    elif not ok:
        log(f"run.py: server logs are in {logdir}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
