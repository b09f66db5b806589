"""A Neo4j server started through scripts/neo4j: the one helper the benchmark and the test fixtures share.

    with throwaway(heap="1g", pagecache="512m") as server:   # temp folder, free ports
        driver = neo4j.GraphDatabase.driver(server.uri, auth=server.auth)

`scripts/neo4j start` returns once Bolt and HTTP answer, so `start()` is start-and-wait;
`stop()` stops the server by its pid file. Errors are `RuntimeError` with the script's output.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

SCRIPT = Path(__file__).resolve().parent / "neo4j"


def free_ports(n: int) -> list[int]:
    """`n` distinct free TCP ports on 127.0.0.1 (all held open until all are chosen, so none repeats)."""
    with contextlib.ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(n)]
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]


def free_port() -> int:
    return free_ports(1)[0]


@dataclass
class Neo4jServer:
    """A server of scripts/neo4j: where it lives, how to reach it, how to start and stop it."""

    dir: Path
    bolt_port: int
    http_port: int
    password: str | None = None
    heap: str = "512m"
    pagecache: str = "128m"

    @classmethod
    def on_free_ports(cls, directory: Path, **options) -> "Neo4jServer":
        bolt, http = free_ports(2)
        return cls(Path(directory), bolt, http, **options)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def auth(self):
        return ("neo4j", self.password) if self.password else None

    @property
    def pid(self) -> int:
        return int((self.dir / "neo4j.pid").read_text().strip())

    def script(self, command: str, *extra: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run `scripts/neo4j COMMAND --dir DIR` (with this server's ports and memory for start)."""
        args = [sys.executable, str(SCRIPT), command, "--dir", str(self.dir)]
        if command == "start":
            args += ["--bolt-port", str(self.bolt_port), "--http-port", str(self.http_port),
                     "--heap", self.heap, "--pagecache", self.pagecache]
            if self.password:
                args += ["--password", self.password]
        # past the script's own start limit (it then stops the server and says so), never before
        limit = float(os.environ.get("KG_NEO4J_TIMEOUT") or 600) + 120
        proc = subprocess.run([*args, *extra], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=limit)
        if check and proc.returncode != 0:
            raise RuntimeError(f"scripts/neo4j {command} failed ({proc.returncode}):\n{proc.stdout[-3000:]}")
        return proc

    def start(self) -> None:
        """Start the server and wait until Bolt and HTTP answer; RuntimeError if it does not."""
        self.script("start")

    def stop(self) -> None:
        self.script("stop", check=False)


@contextlib.contextmanager
def throwaway(password: str | None = None, **options) -> Iterator[Neo4jServer]:
    """A server in a new temp folder on free ports, stopped and its folder removed on exit."""
    directory = Path(tempfile.mkdtemp(prefix="kg-neo4j-"))
    server = Neo4jServer.on_free_ports(directory, password=password, **options)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)
