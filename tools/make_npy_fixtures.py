#!/usr/bin/env python3
"""Small .npy files written by NumPy itself, for tests/engine/test_npy.cpp.

Writes tests/fixtures/npy/:
  f4_2x3.npy, f4_1d.npy, f4_0d.npy, f4_0x5.npy   np.save of float32 arrays: the reader's input, and the
                                                  bytes our writer must reproduce exactly (format 1.0)
  f8_2x3.npy                                     float64
  f4_v2.npy                                      format version 2.0 (4-byte header length)
  f4_fortran.npy, i4.npy, be_f4.npy              must be refused: Fortran order, int32, big-endian
Deterministic and re-runnable: python tools/make_npy_fixtures.py
"""
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "npy")


def main():
    os.makedirs(OUT, exist_ok=True)
    f4_2x3 = np.array([[1.5, -2.25, 3e-8], [0.0, -0.0, 65504.0]], dtype="<f4")
    np.save(os.path.join(OUT, "f4_2x3.npy"), f4_2x3)
    np.save(os.path.join(OUT, "f4_1d.npy"), np.array([0.1, 0.2, 0.3, 1e30], dtype="<f4"))
    np.save(os.path.join(OUT, "f4_0d.npy"), np.array(7.5, dtype="<f4"))
    np.save(os.path.join(OUT, "f4_0x5.npy"), np.zeros((0, 5), dtype="<f4"))
    np.save(os.path.join(OUT, "f8_2x3.npy"), np.arange(6, dtype="<f8").reshape(2, 3) / 8 - 0.25 + 1e-12)
    with open(os.path.join(OUT, "f4_v2.npy"), "wb") as f:
        np.lib.format.write_array(f, np.array([[1, 2], [3, 4], [5, 6]], dtype="<f4"), version=(2, 0))
    np.save(os.path.join(OUT, "f4_fortran.npy"), np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
    np.save(os.path.join(OUT, "i4.npy"), np.arange(4, dtype="<i4"))
    np.save(os.path.join(OUT, "be_f4.npy"), np.arange(4, dtype=">f4"))


if __name__ == "__main__":
    main()
