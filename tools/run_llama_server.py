#!/usr/bin/env python3
"""Run a llama.cpp OpenAI-compatible server for tests: llama-cpp-python's (python -m llama_cpp.server)
or llama.cpp's own C++ llama-server (--server BIN, or $TRAMONTANE_LLAMA_SERVER; built from the
llama.cpp sources in llama-cpp-python's PyPI sdist by scripts/get-llama-server). The C++ server
has llama.cpp's LoRA endpoints (/lora-adapters, per-request "lora"); llama-cpp-python's has not.

  tools/.venv/bin/python tools/run_llama_server.py --model tests/fixtures/remote/model.gguf [--port N]
  python3 tools/run_llama_server.py --server build/llama-server/bin/llama-server \
      --model tests/fixtures/remote/model.gguf [--lora tests/fixtures/remote/lora.gguf]

Starts the server on 127.0.0.1 (a free port unless --port), waits until GET /v1/models answers,
prints "PID N" (the server process) and "URL http://127.0.0.1:PORT" on stdout (flushed), then runs
until killed or until the server exits:
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


def cpp_server_command(binary, model, port, n_ctx=N_CTX, seed=SEED, alias=MODEL_ALIAS, threads=2, lora=None):
    """llama-server with the same settings: one slot (-np 1, so the whole context is one
    conversation's), batches of the whole context, no GPU, no web UI; --lora loads an adapter
    at scale 0 (--lora-init-without-apply), so only requests that name it use it."""
    cmd = [binary, "--model", model, "--alias", alias, "--host", "127.0.0.1", "--port", str(port),
           "--ctx-size", str(n_ctx), "--batch-size", str(n_ctx), "--ubatch-size", str(n_ctx),
           "--seed", str(seed), "--threads", str(threads), "--threads-batch", str(threads),
           "--parallel", "1", "--n-gpu-layers", "0", "--no-webui", "--no-warmup"]
    if lora:
        cmd += ["--lora", lora, "--lora-init-without-apply"]
    return cmd


def wait_ready(proc, port, timeout=120.0):
    """Polls GET /v1/models until it answers 200; raises if the server exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode} before answering")
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
    raise RuntimeError(f"the server did not answer on port {port} within {timeout} s")


def start_server(model, port=None, stderr=None, binary=None, lora=None, **kw):
    """Starts the server (llama-cpp-python's, or the C++ `binary`) and waits until it answers.
    Returns (process, port); stop_server() it."""
    port = port or free_port()
    if binary:
        cmd = cpp_server_command(binary, model, port, lora=lora, **kw)
    else:
        assert lora is None, "llama-cpp-python's server has no LoRA endpoints: use the C++ llama-server"
        cmd = server_command(model, port, **kw)
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
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
    ap.add_argument("--server", default=os.environ.get("TRAMONTANE_LLAMA_SERVER") or None,
                    help="llama.cpp's llama-server binary (default: llama-cpp-python's server)")
    ap.add_argument("--lora", help="a GGUF LoRA adapter for llama-server (loaded at scale 0)")
    args = ap.parse_args()
    for path in [args.model] + ([args.lora] if args.lora else []) + ([args.server] if args.server else []):
        if not os.path.exists(path):
            raise SystemExit(f"no such file: {path}")

    def on_signal(signum, frame):
        # only unwind here: stopping the child from inside the handler would call Popen.wait
        # while the interrupted proc.wait() below holds its lock (a deadlock); the finally does it
        raise SystemExit(0)

    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, on_signal)
    # start_server stops the child itself if a signal arrives while it waits for readiness
    proc, port = start_server(os.path.abspath(args.model), args.port or None, n_ctx=args.n_ctx, seed=args.seed,
                              binary=args.server, lora=os.path.abspath(args.lora) if args.lora else None)
    rc = 1
    try:
        print(f"PID {proc.pid}", flush=True)  # the server process itself (fault tests stop or kill it)
        print(f"URL http://127.0.0.1:{port}", flush=True)
        rc = proc.wait()
    finally:
        stop_server(proc)
    sys.exit(rc)


if __name__ == "__main__":
    main()
