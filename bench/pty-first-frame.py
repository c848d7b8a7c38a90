#!/usr/bin/env python3
"""Time processes inside a pseudo-terminal, for bench/run.mjs.

Node cannot open a pty without a native module, so this helper does the
spawning and the timing; bench/run.mjs prints the results.

Input: one JSON argument
  {"runs": 10, "warmup": 2, "timeout_s": 10, "cols": 120, "rows": 40,
   "state_base": "/tmp/...", "cwd": "/tmp/...",
   "cases": [{"name": "...", "argv": [...], "env": {...},
              "needle": "What is broken?" | null, "fresh_state_dir": true}]}

For each run, cases are interleaved (A B A B ...) so drift hits all alike.
A case with a needle is timed from just before fork to the moment the needle
appears in the ANSI-stripped output; its peak RSS (VmHWM) is read from
/proc/<pid>/status and then its whole process group is killed. A case
without a needle is timed until the process exits.

Output: JSON on stdout
  {"cases": {name: {"ms": [...], "rss_kb": [...], "failures": [...]}}}
"""
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import tempfile
import termios
import time

ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


def vm_hwm_kb(pid):
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def run_once(case, cfg):
    env = dict(case["env"])
    if case.get("fresh_state_dir"):
        env["INCIDENT_STATE_DIR"] = tempfile.mkdtemp(prefix="state-", dir=cfg["state_base"])
    argv = case["argv"]
    needle = case.get("needle")
    needle_b = needle.encode() if needle else None
    winsize = struct.pack("HHHH", cfg["rows"], cfg["cols"], 0, 0)

    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child: the pty slave is fds 0-2 and the controlling terminal
        try:
            fcntl.ioctl(1, termios.TIOCSWINSZ, winsize)
            os.chdir(cfg["cwd"])
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)

    raw = b""
    found_ms = None
    rss = None
    deadline = t0 + cfg["timeout_s"]
    eof = False
    try:
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: every slave fd closed, the process is gone
                chunk = b""
            if not chunk:
                eof = True
                break
            raw += chunk
            if needle_b is not None and needle_b in ANSI.sub(b"", raw):
                found_ms = (time.perf_counter() - t0) * 1000
                rss = vm_hwm_kb(pid)
                break
    finally:
        if needle_b is None and eof:
            os.waitpid(pid, 0)
            exit_ms = (time.perf_counter() - t0) * 1000
        else:
            exit_ms = None
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
        os.close(fd)

    if needle_b is not None:
        if found_ms is None:
            tail = ANSI.sub(b"", raw)[-400:].decode("utf-8", "replace")
            return None, None, f"needle not seen ({'exited' if eof else 'timeout'}); last output: {tail!r}"
        return found_ms, rss, None
    if exit_ms is None:
        return None, None, "timeout waiting for exit"
    return exit_ms, None, None


def main():
    cfg = json.loads(sys.argv[1])
    out = {c["name"]: {"ms": [], "rss_kb": [], "failures": []} for c in cfg["cases"]}
    for i in range(cfg["warmup"] + cfg["runs"]):
        for case in cfg["cases"]:
            ms, rss, err = run_once(case, cfg)
            if i < cfg["warmup"]:
                if err:
                    out[case["name"]]["failures"].append("warm-up: " + err)
                continue
            r = out[case["name"]]
            if err:
                r["failures"].append(err)
            else:
                r["ms"].append(ms)
                if rss is not None:
                    r["rss_kb"].append(rss)
    json.dump({"cases": out}, sys.stdout)


if __name__ == "__main__":
    main()
