#pragma once
// Micro-benchmarks of cpu::matmul and of the machine's memory read bandwidth, each reporting one
// JSON line (for `tramontane-cli bench`).
#include <cstdint>
#include <string>

#include "engine/core/dtype.h"

namespace tramontane::cpu {

struct MatmulBenchOptions {
  DType dtype = DType::Q4_K;
  int64_t rows = 4096;
  int64_t cols = 4096;              // a multiple of the dtype's block size
  int64_t n_tokens = 1;             // 1 = decode (matrix-vector), more = prefill
  double min_seconds = 1.0;         // repeat until at least this long (and at least 3 calls)
  // Cycle through enough copies of the matrix that together they exceed this many bytes, so
  // each call reads its weights from memory rather than from the last-level cache. 0: one copy.
  int64_t cold_bytes = int64_t(256) << 20;
};

// Times matmul on random valid weights with cpu::num_threads() threads. Returns e.g.
// {"bench":"matmul","dtype":"Q4_K","rows":4096,"cols":4096,"n_tokens":1,"threads":2,"simd":"avx2",
//  "weight_bytes":9437184,"copies":29,"calls":250,"ms_per_call":0.61,"gb_per_s":15.4,"gmac_per_s":27.3}
// where gb_per_s is weight bytes read per second. Throws ErrorException (Usage) on bad sizes.
std::string bench_matmul(const MatmulBenchOptions& options);

// Streaming read of a `bytes` buffer (default 1 GiB) on cpu::num_threads() threads:
// {"bench":"memory_read","bytes":1073741824,"threads":2,"gb_per_s":35.0} (best of the passes).
std::string bench_memory_read(int64_t bytes = int64_t(1) << 30, double min_seconds = 1.0);

}  // namespace tramontane::cpu
