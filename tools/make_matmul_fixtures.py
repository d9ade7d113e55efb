#!/usr/bin/env python3
"""Reference products for tests/engine/test_matmul.cpp (cpu::matmul), from the gguf package.

For each weight dtype and shape, writes to tests/fixtures/matmul/:
  <case>_w.bin       the weight matrix as stored: rows of ggml blocks (or F32/F16/BF16 values)
  <case>_y.npy       float64 [17, rows]  y_exact = dequantize(W) @ x.T   (gguf.quants.dequantize)
  <case>_abs.npy     float32 [17, rows]  |dequantize(W)| @ |x|.T  (scale for float-rounding tolerances)
  quantized types only (activations quantized to 8 bits as cpu::matmul documents, quant_dot.h):
  <case>_yq.npy      float64 [17, rows]  dequantize(W) @ (d_x * q_x).T: the exact value the integer
                                         kernels compute, so they are checked to float rounding
  <case>_bound.npy   float32 [17, rows]  sum_blocks d_x / 2 * sum_{c in block} |W[r, c]|: the bound
                                         of |y - y_exact| that activation quantization allows
  x_<cols>.npy       float32 [17, cols]  activations shared by the cases with that many columns
  cases.json         [{"name", "dtype", "rows", "cols"}]

Weights: Q8_0 / Q4_0 / Q4_1 / BF16 come from gguf.quants.quantize of random normal weights (one Q8_0
value is then set to -128, which ggml's quantizer never writes but a file may hold); Q4_K / Q5_K /
Q6_K (which gguf cannot quantize) are random valid blocks: random quant and scale bytes with finite
f16 super-block scales of both signs.
Activation quantization per block (32 values; 256 for K types): amax = max |x|, d = amax / 127
(float32), q = rint(x * (1 / d)) clipped to [-127, 127] (0 when d == 0), all in float32 as the C++;
32-value blocks then store d rounded to float16, as llama.cpp's block_q8_0/q8_1 do.

Deterministic and re-runnable: tools/.venv/bin/python tools/make_matmul_fixtures.py
"""
import json
import os

import numpy as np
from gguf import GGMLQuantizationType as T
from gguf import quants

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "matmul")
N_TOKENS = 17

# (dtype, rows, cols): odd row counts; float types also get column counts that leave SIMD tails.
CASES = [
    ("F32", 19, 77), ("F32", 111, 300),
    ("F16", 19, 77), ("F16", 111, 300),
    ("BF16", 19, 77), ("BF16", 111, 300),
    ("Q8_0", 19, 256), ("Q8_0", 111, 512),
    ("Q4_0", 19, 256), ("Q4_0", 111, 512),
    ("Q4_1", 19, 256), ("Q4_1", 111, 512),
    ("Q4_K", 19, 256), ("Q4_K", 111, 512),
    ("Q5_K", 19, 256), ("Q5_K", 111, 512),
    ("Q6_K", 19, 256), ("Q6_K", 111, 512),
]

ACT_BLOCK = {"Q8_0": 32, "Q4_0": 32, "Q4_1": 32, "Q4_K": 256, "Q5_K": 256, "Q6_K": 256}


def random_f16(rng, n, scale):
    """n finite f16 values (raw uint16) of random sign and magnitude around `scale`."""
    v = rng.standard_normal(n) * scale
    v[rng.random(n) < 0.05] *= 1e-4  # some tiny (f16 subnormal) scales
    return v.astype(np.float16).view(np.uint16)


def random_k_blocks(rng, qtype, n_blocks):
    """Random valid Q4_K / Q5_K / Q6_K blocks as raw bytes [n_blocks, type_size]."""
    block, size = quants.GGML_QUANT_SIZES[qtype]
    raw = rng.integers(0, 256, size=(n_blocks, size), dtype=np.uint8)
    if qtype in (T.Q4_K, T.Q5_K):  # d, dmin at bytes 0..3
        raw[:, 0:2] = random_f16(rng, n_blocks, 0.02).view(np.uint8).reshape(n_blocks, 2)
        raw[:, 2:4] = random_f16(rng, n_blocks, 0.01).view(np.uint8).reshape(n_blocks, 2)
    else:  # Q6_K: d at the end
        raw[:, size - 2:size] = random_f16(rng, n_blocks, 0.01).view(np.uint8).reshape(n_blocks, 2)
    return raw


def make_weights(rng, name, rows, cols):
    """-> (raw bytes [rows, row_bytes] as uint8, dequantized float64 [rows, cols])."""
    w = rng.standard_normal((rows, cols)).astype(np.float32) * 0.5
    if name == "F32":
        raw = w.view(np.uint8).reshape(rows, -1)
    elif name == "F16":
        raw = w.astype(np.float16).view(np.uint8).reshape(rows, -1)
    elif name in ("BF16", "Q8_0", "Q4_0", "Q4_1"):
        raw = quants.quantize(w, getattr(T, name))
        if name == "Q8_0":
            raw[0, 2] = 0x80  # row 0, block 0, qs[0] = -128
    else:
        qtype = getattr(T, name)
        block, size = quants.GGML_QUANT_SIZES[qtype]
        raw = random_k_blocks(rng, qtype, rows * cols // block).reshape(rows, -1)
    raw = np.ascontiguousarray(raw, dtype=np.uint8)
    if name == "F32":
        deq = raw.view(np.float32).reshape(rows, cols)
    elif name == "F16":
        deq = raw.view(np.float16).reshape(rows, cols).astype(np.float32)
    else:
        deq = quants.dequantize(raw, getattr(T, name)).reshape(rows, cols)
    return raw, deq.astype(np.float64)


def make_x(rng, cols):
    """[N_TOKENS, cols] float32 with varied block magnitudes, an all-zero block and an outlier."""
    x = rng.standard_normal((N_TOKENS, cols)).astype(np.float32)
    scale = np.exp(rng.standard_normal((N_TOKENS, (cols + 31) // 32))).repeat(32, axis=1)[:, :cols]
    x = (x * scale).astype(np.float32)
    x[2, :32] = 0.0          # a block with d = 0
    x[5, 3] = 40.0           # one large value dominating its block's scale
    x[7, :] *= 1e-3          # a small token
    return x


def quantize_act(x, bs):
    """The activation quantization of quant_dot.h: -> (d * q as float64, d [T, n_blocks])."""
    t, cols = x.shape
    xb = x.reshape(t, cols // bs, bs)
    amax = np.abs(xb).max(axis=-1)
    d = (amax / np.float32(127)).astype(np.float32)
    with np.errstate(divide="ignore"):
        inv = np.where(d != 0, np.float32(1) / d, np.float32(0)).astype(np.float32)
    v = (xb * inv[..., None]).astype(np.float32)
    q = np.clip(np.rint(v), -127, 127)
    # 32-value blocks store d as float16, as llama.cpp's block_q8_0 / block_q8_1 do (q is computed
    # with the float32 d first); 256-value blocks (Q8_K) keep a float32 d.
    dq = d.astype(np.float16).astype(np.float32) if bs == 32 else d
    return (dq[..., None].astype(np.float64) * q).reshape(t, cols), d.astype(np.float64), dq.astype(np.float64)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20240611)
    xs = {}
    manifest = []
    for name, rows, cols in CASES:
        if cols not in xs:
            xs[cols] = make_x(rng, cols)
            np.save(os.path.join(OUT, f"x_{cols}.npy"), xs[cols])
        x = xs[cols]
        raw, wd = make_weights(rng, name, rows, cols)
        case = f"{name.lower()}_{rows}x{cols}"
        raw.tofile(os.path.join(OUT, f"{case}_w.bin"))
        xd = x.astype(np.float64)
        np.save(os.path.join(OUT, f"{case}_y.npy"), xd @ wd.T)
        np.save(os.path.join(OUT, f"{case}_abs.npy"), (np.abs(xd) @ np.abs(wd).T).astype(np.float32))
        if name in ACT_BLOCK:
            bs = ACT_BLOCK[name]
            xq, d, dq = quantize_act(x, bs)
            np.save(os.path.join(OUT, f"{case}_yq.npy"), xq @ wd.T)
            wabs = np.abs(wd).reshape(rows, cols // bs, bs).sum(axis=-1)  # [rows, n_blocks]
            # |x - dq*q| <= d/2 (rounding q) + |d - dq| * 127 (the float16 scale)
            err = d / 2 + np.abs(d - dq) * 127
            np.save(os.path.join(OUT, f"{case}_bound.npy"), (err @ wabs.T).astype(np.float32))
        manifest.append({"name": case, "dtype": name, "rows": rows, "cols": cols})
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
