"""The processes ``load_fault`` starts, each stoppable and restartable, and stopped on exit.

- a private PostgreSQL cluster (``initdb`` + ``pg_ctl`` as the ``postgres`` user when run as
  root) on its own port, its data directory kept between runs for the seed template;
- a private Redis (no persistence) on its own port;
- an SMTP server on 127.0.0.1 that answers properly or hangs (accepts, never answers);
- gunicorn and the task worker, each in a session of its own, logging to files.

Nothing here touches the machine's own PostgreSQL or Redis.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("ICC_LOAD_PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1", timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_until(check, timeout: float, interval: float = 0.2, what: str = "") -> float:
    """Poll ``check`` until it is true; seconds waited. Raises TimeoutError."""
    started = time.monotonic()
    while True:
        if check():
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"gave up after {timeout:.0f} s waiting for {what or check}")
        time.sleep(interval)


class Process:
    """A child in a session of its own (Ctrl-C in the terminal does not reach it; we stop
    it, group and all, by its own id)."""

    def __init__(
        self,
        name: str,
        argv: list[str],
        *,
        env=None,
        cwd=None,
        log: Path,
        restart_after: float | None = None,
    ) -> None:
        """``restart_after``: start it again this many seconds after it exits, as systemd's
        ``Restart=always`` with ``RestartSec`` would; each exit is kept in ``exits``."""
        self.name, self.argv, self.env, self.cwd, self.log = name, argv, env, cwd, log
        self.popen: subprocess.Popen | None = None
        self.restart_after = restart_after
        self.exits: list[dict] = []
        self._stopping = threading.Event()
        self._supervisor: threading.Thread | None = None

    def start(self) -> Process:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as out:
            out.write(f"\n==== {time.strftime('%H:%M:%S')} start {self.name}\n".encode())
            out.flush()
            self.popen = subprocess.Popen(  # noqa: S603 (our own argv)
                self.argv,
                env=self.env,
                cwd=self.cwd,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        if self.restart_after is not None and self._supervisor is None:
            self._supervisor = threading.Thread(target=self._supervise, daemon=True)
            self._supervisor.start()
        return self

    def _supervise(self) -> None:
        started = time.monotonic()
        while not self._stopping.wait(0.25):
            popen = self.popen
            if popen is None or popen.poll() is None:
                continue
            self.exits.append(
                {"at_s": round(time.monotonic() - started, 1), "returncode": popen.returncode}
            )
            if self._stopping.wait(self.restart_after):
                return
            self.start()

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        self._stopping.set()
        if self._supervisor is not None:
            self._supervisor.join(5)
        if self.popen is None:
            return
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(5)
        # Whatever the leader left behind in its group (gunicorn's workers, say).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen = None


class Redis:
    """``redis-server`` on its own port, no snapshots, no append-only file."""

    def __init__(self, port: int, log: Path, pidfile: Path) -> None:
        self.port, self.pidfile = port, pidfile
        argv = [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--maxmemory",
            "256mb",
            "--maxmemory-policy",
            "allkeys-lru",
            "--pidfile",
            str(pidfile),
        ]
        self.process = Process("redis", argv, log=log)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _stop_left_running(self) -> None:
        """Stop the Redis of an earlier run that was killed outright, found by its pidfile."""
        try:
            pid = int(self.pidfile.read_text().strip())
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError):
            return
        if b"redis-server" in command and f":{self.port}".encode() in command:
            os.kill(pid, signal.SIGTERM)
            with contextlib.suppress(TimeoutError):
                wait_until(lambda: not port_open(self.port), 10, what="the old Redis to stop")

    def start(self) -> None:
        if port_open(self.port):
            self._stop_left_running()
        if port_open(self.port):
            raise RuntimeError(f"port {self.port} is taken: choose another with --redis-port")
        self.process.start()
        wait_until(lambda: port_open(self.port), 15, what=f"Redis on port {self.port}")

    def stop(self) -> None:
        self.process.stop()


class Postgres:
    """A PostgreSQL cluster of our own: ``initdb`` once in ``data``, then start, stop and
    restart at will. Run as the ``postgres`` user when we are root (PostgreSQL refuses
    root), TCP on 127.0.0.1 only, trust authentication."""

    def __init__(self, data: Path, port: int, log: Path) -> None:
        self.data, self.port, self.log = data, port, log
        self.started = False

    def _as_owner(self, argv: list[str]) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *argv]
        return argv

    def _owner(self) -> tuple[int, int]:
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            return entry.pw_uid, entry.pw_gid
        return os.getuid(), os.getgid()

    def _run(self, argv: list[str], timeout: float = 120) -> None:
        with open(self.log, "ab") as out:
            subprocess.run(  # noqa: S603 (our own argv)
                self._as_owner(argv),
                check=True,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                timeout=timeout,
                start_new_session=True,
            )

    def init(self) -> bool:
        """Create the cluster unless it exists; whether it was created."""
        if (self.data / "PG_VERSION").exists():
            return False
        uid, gid = self._owner()
        self.data.mkdir(parents=True, exist_ok=True)
        os.chown(self.data, uid, gid)
        self.data.chmod(0o700)
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.log.touch()
        os.chown(self.log, uid, gid)
        self._run(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ]
        )
        return True

    def _options(self) -> str:
        return (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
            "-c max_connections=100 -c shared_buffers=256MB"
        )

    def start(self) -> None:
        if port_open(self.port) and self._left_running():
            # Ours, left behind by a run that was killed outright (SIGKILL): stop it.
            self.stop("immediate")
        if port_open(self.port):
            raise RuntimeError(f"port {self.port} is taken: choose another with --pg-port")
        uid, gid = self._owner()
        self.log.touch()
        os.chown(self.log, uid, gid)
        self._run(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60"]
            + ["-o", self._options(), "start"]
        )
        self.started = True

    def _left_running(self) -> bool:
        """Whether our data directory's postmaster is running and listening on our port."""
        try:
            lines = (self.data / "postmaster.pid").read_text().splitlines()
            os.kill(int(lines[0]), 0)
        except (OSError, ValueError, IndexError):
            return False
        return len(lines) > 3 and lines[3].strip() == str(self.port)

    def stop(self, mode: str = "fast") -> None:
        if not self.started and not (self.data / "postmaster.pid").exists():
            return
        self._run(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60", "-m", mode, "stop"]
        )
        self.started = False

    def restart(self, mode: str = "fast") -> None:
        self._run(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60"]
            + ["-m", mode, "-o", self._options(), "restart"]
        )
        self.started = True

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres"):
        import psycopg

        return psycopg.connect(self.url(database), autocommit=True, connect_timeout=5)


class MailServer:
    """SMTP on 127.0.0.1: ``mode = "ok"`` speaks just enough SMTP to accept every message;
    ``mode = "hang"`` accepts connections and never says a word, as a mail server that is
    stuck does. Runs in threads of this process."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.mode = "ok"
        self.delivered = 0
        self.connections = {"ok": 0, "hang": 0}
        self._stop = threading.Event()
        self._held: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", port), backlog=128)
        self._thread = threading.Thread(target=self._accept, name="smtp", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            for held in self._held:
                with contextlib.suppress(OSError):
                    held.close()
            self._held.clear()

    def release_hung(self) -> None:
        """Close the connections held while hanging (the server "comes back")."""
        with self._lock:
            for held in self._held:
                with contextlib.suppress(OSError):
                    held.close()
            self._held.clear()

    def _accept(self) -> None:
        self._listener.settimeout(0.5)
        while not self._stop.is_set():
            try:
                conn, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            mode = self.mode
            with self._lock:
                self.connections[mode] += 1
                if mode == "hang":
                    self._held.append(conn)
                    continue
            threading.Thread(target=self._converse, args=(conn,), daemon=True).start()

    def _converse(self, conn: socket.socket) -> None:
        conn.settimeout(30)
        with contextlib.suppress(OSError), conn, conn.makefile("rb") as lines:

            def say(text: str) -> None:
                conn.sendall(text.encode() + b"\r\n")

            say("220 load-test ESMTP")
            in_data = False
            for raw in lines:
                line = raw.rstrip(b"\r\n")
                if in_data:
                    if line == b".":
                        in_data = False
                        with self._lock:
                            self.delivered += 1
                        say("250 OK queued")
                    continue
                verb = line[:4].upper()
                if verb in (b"EHLO", b"HELO"):
                    say("250 load-test")
                elif verb == b"DATA":
                    in_data = True
                    say("354 End data with <CR><LF>.<CR><LF>")
                elif verb == b"QUIT":
                    say("221 Bye")
                    return
                else:
                    say("250 OK")
