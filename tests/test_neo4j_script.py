"""scripts/neo4j: status of the session server, and its clear errors (busy port, no Java)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from neo4j_fixtures import SCRIPT, free_port

pytestmark = pytest.mark.neo4j


def script(*args, env=None):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, env=env, timeout=300)


def test_status_of_running_server(neo4j_server):
    proc = script("status", "--dir", neo4j_server.dir)
    assert proc.returncode == 0, proc.stdout
    assert f"running (pid {neo4j_server.pid})" in proc.stdout
    assert neo4j_server.uri in proc.stdout and f"http://127.0.0.1:{neo4j_server.http_port}/browser/" in proc.stdout


def test_start_again_reports_the_running_server(neo4j_server):
    proc = neo4j_server.script("start")
    assert proc.returncode == 0 and "already running" in proc.stdout


def test_browser_is_served(neo4j_server):
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{neo4j_server.http_port}/browser/", timeout=30) as r:
        assert r.status == 200 and b"<html" in r.read(2000).lower()


def test_busy_port_is_a_clear_error(neo4j_server, tmp_path):
    proc = script("start", "--dir", tmp_path / "other", "--bolt-port", neo4j_server.bolt_port,
                  "--http-port", free_port())
    assert proc.returncode == 1
    assert f"bolt port {neo4j_server.bolt_port} on 127.0.0.1 is already in use" in proc.stdout


def test_status_and_stop_of_nothing(tmp_path):
    assert script("status", "--dir", tmp_path).returncode == 3
    proc = script("stop", "--dir", tmp_path)
    assert proc.returncode == 0 and "not running" in proc.stdout


def test_missing_java_is_a_clear_error(tmp_path):
    env = dict(os.environ, KG_NEO4J_JAVA=str(tmp_path / "no-java"))
    proc = script("start", "--dir", tmp_path, "--bolt-port", free_port(), "--http-port", free_port(), env=env)
    assert proc.returncode == 1 and "Java 17 not found" in proc.stdout and "KG_NEO4J_JAVA" in proc.stdout


def test_short_password_is_refused(tmp_path):
    proc = script("start", "--dir", tmp_path, "--bolt-port", free_port(), "--http-port", free_port(),
                  "--password", "short")
    assert proc.returncode == 1 and "at least 8 characters" in proc.stdout


@pytest.mark.parametrize("limit", [["--timeout", "1"], ["env"]])
def test_start_timeout_shows_the_log_and_leaves_nothing_running(neo4j_server, tmp_path, limit):
    # neo4j_server first: the jars are resolved by then, so the 1 s deadline is all JVM start.
    env = dict(os.environ, KG_NEO4J_TIMEOUT="1") if limit == ["env"] else None
    proc = script("start", "--dir", tmp_path, "--bolt-port", free_port(), "--http-port", free_port(),
                  *(limit if env is None else []), env=env)
    assert proc.returncode == 1 and "did not answer on Bolt and HTTP within 1s (load average" in proc.stdout
    assert "raise --timeout or $KG_NEO4J_TIMEOUT" in proc.stdout
    assert not (tmp_path / "neo4j.pid").exists()
    assert script("status", "--dir", tmp_path).returncode == 3


def test_a_bad_start_limit_is_a_usage_error(tmp_path):
    proc = script("status", "--dir", tmp_path, env=dict(os.environ, KG_NEO4J_TIMEOUT="2min"))
    assert proc.returncode == 2 and "KG_NEO4J_TIMEOUT='2min' is not a number of seconds" in proc.stdout
    assert script("start", "--dir", tmp_path, "--timeout", "0").returncode == 2


CHILD_TEST = '''
import time
from neo4j_fixtures import start_neo4j

def test_hold_a_server(tmp_path):
    server = start_neo4j(tmp_path / "db")
    print("SERVER_PID", server.pid, flush=True)
    time.sleep(900)
'''


@pytest.mark.slow
def test_a_terminated_pytest_leaves_no_server_behind(tmp_path):
    """SIGTERM (a CI timeout, a killed run) must not leave the Java server running."""
    import signal
    import time
    from pathlib import Path

    (tmp_path / "test_child.py").write_text(CHILD_TEST)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent), "KG_REQUIRE_NEO4J": "1"}
    child = subprocess.Popen([sys.executable, "-m", "pytest", "-s", "-q", "-p", "no:cacheprovider",
                              str(tmp_path / "test_child.py")], cwd=tmp_path, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    server_pid, seen = None, []
    for line in child.stdout:
        seen.append(line)
        if line.startswith("SERVER_PID"):
            server_pid = int(line.split()[1])
            break
    assert server_pid is not None, "".join(seen)[-3000:]
    os.kill(server_pid, 0)  # running now
    child.send_signal(signal.SIGTERM)
    child.communicate(timeout=120)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and Path(f"/proc/{server_pid}").exists():
        state = Path(f"/proc/{server_pid}/stat").read_text().split(")")[-1].split()[0]
        if state == "Z":
            break
        time.sleep(0.5)
    else:
        assert not Path(f"/proc/{server_pid}").exists(), "the Neo4j server outlived the terminated pytest"


def test_concurrent_starts_on_one_folder_start_one_server(neo4j_server, tmp_path):
    # neo4j_server first: the jars are resolved by then.
    d, bolt, http = tmp_path / "db", free_port(), free_port()
    args = [sys.executable, str(SCRIPT), "start", "--dir", str(d), "--bolt-port", str(bolt), "--http-port", str(http),
            "--heap", "256m", "--pagecache", "64m"]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(3)]
    try:
        outs = [p.communicate(timeout=300)[0] for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0], outs
        assert sum("started (pid" in o for o in outs) == 1 and sum("already running" in o for o in outs) == 2, outs
        pid = int((d / "neo4j.pid").read_text())
        status = script("status", "--dir", d)
        assert status.returncode == 0 and f"running (pid {pid})" in status.stdout
    finally:
        stopped = script("stop", "--dir", d)
    assert stopped.returncode == 0 and f"stopped (pid {pid})" in stopped.stdout
    assert script("status", "--dir", d).returncode == 3
