#pragma once
// Splitting CPU work across the worker threads (cpu::num_threads()).
#include <cstdint>
#include <functional>

namespace tramontane::cpu {

// Calls fn(begin, end) on disjoint ranges covering [0, n), in parallel; returns when all are done.
// Ranges are at least `grain` long (except the last). Safe to call from one thread at a time.
void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t begin, int64_t end)>& fn);

}  // namespace tramontane::cpu
