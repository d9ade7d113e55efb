#!/usr/bin/env python3
"""Run llama-cpp-python's OpenAI-compatible server (python -m llama_cpp.server) for tests.

  tools/.venv/bin/python tools/run_llama_server.py --model tests/fixtures/remote/model.gguf [--port N]

Starts the server on 127.0.0.1 (a free port unless --port), waits until GET /v1/models answers,
prints exactly one line "URL http://127.0.0.1:PORT" on stdout (flushed), then runs until killed:
SIGTERM / SIGINT / SIGHUP stop the server child too. The server's own log goes to stderr.

Options used by tools/make_remote_fixtures.py (which records tests/fixtures/remote/exchanges.json
with start_server() below): n_ctx 1024, a fixed seed, logits_all (needed for logprobs), 2 threads,
the model alias "tramontane-remote-test" (the id /v1/models reports, instead of the file path).
"""
import argparse
import http.client
import os
import signal
import socket
import subprocess
import sys
import time

MODEL_ALIAS = "tramontane-remote-test"
SEED = 1234
N_CTX = 1024


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_command(model, port, n_ctx=N_CTX, seed=SEED, alias=MODEL_ALIAS, threads=2):
    return [sys.executable, "-m", "llama_cpp.server",
            "--model", model, "--model_alias", alias,
            "--host", "127.0.0.1", "--port", str(port),
            "--n_ctx", str(n_ctx), "--n_batch", str(n_ctx), "--seed", str(seed),
            "--n_threads", str(threads), "--n_threads_batch", str(threads),
            "--logits_all", "True", "--n_gpu_layers", "0", "--verbose", "False"]


def wait_ready(proc, port, timeout=120.0):
    """Polls GET /v1/models until it answers 200; raises if the server exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited with {proc.returncode} before answering")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/v1/models")
            r = c.getresponse()
            r.read()
            c.close()
            if r.status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"llama_cpp.server did not answer on port {port} within {timeout} s")


def start_server(model, port=None, stderr=None, **kw):
    """Starts the server and waits until it answers. Returns (process, port); stop_server() it."""
    port = port or free_port()
    proc = subprocess.Popen(server_command(model, port, **kw), stdin=subprocess.DEVNULL,
                            stdout=stderr if stderr is not None else sys.stderr,
                            stderr=stderr if stderr is not None else sys.stderr)
    try:
        wait_ready(proc, port)
    except BaseException:
        stop_server(proc)
        raise
    return proc, port


def stop_server(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--n_ctx", type=int, default=N_CTX)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    if not os.path.exists(args.model):
        raise SystemExit(f"no such model: {args.model}")

    def on_signal(signum, frame):
        # only unwind here: stopping the child from inside the handler would call Popen.wait
        # while the interrupted proc.wait() below holds its lock (a deadlock); the finally does it
        raise SystemExit(0)

    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, on_signal)
    # start_server stops the child itself if a signal arrives while it waits for readiness
    proc, port = start_server(os.path.abspath(args.model), args.port or None, n_ctx=args.n_ctx, seed=args.seed)
    rc = 1
    try:
        print(f"URL http://127.0.0.1:{port}", flush=True)
        rc = proc.wait()
    finally:
        stop_server(proc)
    sys.exit(rc)


if __name__ == "__main__":
    main()
