#pragma once
// Splitting CPU work across the worker threads (cpu::num_threads()).
#include <cstdint>
#include <functional>

namespace tramontane::cpu {

// Calls fn(begin, end) on disjoint ranges covering [0, n), in parallel; returns when all are done.
// Ranges are at least `grain` long (except the last). Runs on a persistent pool of
// num_threads() - 1 workers plus the calling thread (parallel.cpp). An exception thrown by fn is
// rethrown here (the first one; ranges not yet started are skipped). A call made from inside fn,
// or while another thread's call is running, runs fn(0, n) on the calling thread.
void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t begin, int64_t end)>& fn);

}  // namespace tramontane::cpu
