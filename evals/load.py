"""A load run against the real web app: does one client's oversized history stall everyone?

Starts ``app.py`` on a free 127.0.0.1 port, times a normal question alone, then again while
8 clients keep sending ``/ask`` with one 300,000-character history turn each, and reports the
ratio. Measured and printed, never asserted; traffic goes to 127.0.0.1 only, bounded in count
and time, and the app is stopped at the end.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
NORMAL = "知识价值信用贷款最高能贷多少?"
CLIENTS = 8
OVERSIZED_CHARS = (300_000, 60_000, 12_000)  # refused at the door (413), then admitted and cut by the library
ROUNDS = 4  # oversized requests per client
SAMPLES = 5  # normal questions timed alone and under load


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_app(port: int, timeout_s: float = 240) -> subprocess.Popen:
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"}
    app = subprocess.Popen([sys.executable, "app.py", "--host", "127.0.0.1", "--port", str(port)], cwd=REPO, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        if app.poll() is not None:
            raise RuntimeError(f"app.py exited with {app.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return app
        except OSError:
            time.sleep(0.5)
    app.terminate()
    raise RuntimeError("app.py did not start listening in time")


def _timed(client, question: str, history: list) -> float:
    started = time.perf_counter()
    client.predict(question, history, api_name="/ask")
    return (time.perf_counter() - started) * 1000


# Each flooding client is a process of its own: in threads of this one they would share its
# interpreter lock with the timed client, and the timing would measure the load run, not the app.
_FLOODER = """
import json, sys, time
from gradio_client import Client
url, chars, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
history = [{"role": "user", "content": "贷" * chars}, {"role": "assistant", "content": "……"}]
client = Client(url, verbose=False)
for _ in range(rounds):
    started = time.perf_counter()
    try:
        client.predict("那期限呢?", history, api_name="/ask")
        print(json.dumps({"ms": (time.perf_counter() - started) * 1000}), flush=True)
    except Exception as exc:
        print(json.dumps({"refused": type(exc).__name__}), flush=True)
"""


def _under_load(url: str, client, chars: int) -> dict[str, Any]:
    """The normal question timed while 8 client processes send histories with one ``chars``-character turn."""
    import json

    flooders = [subprocess.Popen([sys.executable, "-c", _FLOODER, url, str(chars), str(ROUNDS)],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
                for _ in range(CLIENTS)]
    time.sleep(3.0)  # the flooders have started and are sending
    loaded = [_timed(client, NORMAL, []) for _ in range(SAMPLES)]
    results = []
    for flooder in flooders:
        try:
            out, _ = flooder.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            flooder.kill()
            out, _ = flooder.communicate()
        results += [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    answered = [r["ms"] for r in results if "ms" in r]
    return {"chars": chars, "normal_ms": statistics.median(loaded), "answered": len(answered),
            "refused": sum(1 for r in results if "refused" in r),
            "answered_median_ms": statistics.median(answered) if answered else None}


def run_load() -> dict[str, Any]:
    """Normal-question latency alone and under 8 clients with oversized histories (ms), and the ratios."""
    from gradio_client import Client

    port = _free_port()
    app = _start_app(port)
    try:
        url = f"http://127.0.0.1:{port}/"
        client = Client(url, verbose=False)
        _timed(client, NORMAL, [])  # warm the models
        alone = statistics.median(_timed(client, NORMAL, []) for _ in range(SAMPLES))
        runs = [_under_load(url, client, chars) for chars in OVERSIZED_CHARS]
    finally:
        app.terminate()
        try:
            app.wait(15)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait(15)
    return {"clients": CLIENTS, "normal_alone_ms": alone,
            "runs": [{**run, "ratio": run["normal_ms"] / alone} for run in runs]}


def format_load(figures: dict[str, Any]) -> str:
    """The load run for people."""
    lines = [f"normal question alone: {figures['normal_alone_ms']:.0f} ms"]
    for run in figures["runs"]:
        lines.append(f"with {figures['clients']} clients sending {run['chars']:,}-character history turns: "
                     f"{run['normal_ms']:.0f} ms (× {run['ratio']:.2f}); their requests: {run['answered']} answered"
                     f" (median {run['answered_median_ms'] or 0:.0f} ms), {run['refused']} refused at the door")
    return "\n".join(lines)
