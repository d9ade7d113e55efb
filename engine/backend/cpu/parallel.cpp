// parallel_for on a persistent pool of num_threads() - 1 workers plus the calling thread.
//
// Decode calls matmul a few hundred times per token, so a job must start in microseconds and
// must not wait for a worker that is slow to wake (another process may hold the core):
// - A job is n_chunks chunks. One atomic word `state_` holds [job id:24 | n_chunks:20 | next:20];
//   any thread claims chunk `next` by compare-and-swap of next -> next + 1. A successful CAS
//   proves the job is still the current one, so a worker that wakes late claims nothing stale.
// - The caller claims chunks too, then waits only for chunks that others have claimed
//   (done_ == n_chunks), never for idle workers.
// - After a job a worker spins (pause loop) for kSpin, then sleeps on a condition variable;
//   the caller takes the mutex only when some worker sleeps.
#include "engine/backend/cpu/parallel.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/backend/cpu/matmul.h"

namespace tramontane::cpu {

namespace {

using Fn = std::function<void(int64_t, int64_t)>;
using Clock = std::chrono::steady_clock;

constexpr auto kSpin = std::chrono::milliseconds(2);  // busy-wait before sleeping
constexpr int kMaxThreads = 1024;
constexpr uint64_t kField = (uint64_t(1) << 20) - 1;  // n_chunks and next: 20 bits each

// True on pool workers and on a caller while it runs a job: nested parallel_for runs inline.
thread_local bool t_inside_job = false;

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

inline uint64_t pack(uint64_t id, uint64_t n_chunks, uint64_t next) { return id << 40 | n_chunks << 20 | next; }
inline uint64_t job_id(uint64_t s) { return s >> 40; }
inline uint64_t n_chunks_of(uint64_t s) { return (s >> 20) & kField; }
inline uint64_t next_of(uint64_t s) { return s & kField; }

class ThreadPool {
 public:
  static ThreadPool& instance() {
    static ThreadPool pool;
    return pool;
  }
  ~ThreadPool() { stop_workers(); }

  // Runs fn over [0, n) in n_chunks chunks of `chunk` on n_threads threads (the caller included).
  // Returns false, having run nothing, when another thread is running a job right now.
  bool run(int64_t n, int64_t chunk, int64_t n_chunks, int n_threads, const Fn& fn) {
    std::unique_lock<std::mutex> busy(run_mutex_, std::try_to_lock);
    if (!busy.owns_lock()) return false;
    if (int(workers_.size()) != n_threads - 1) {
      stop_workers();
      start_workers(n_threads - 1);
    }
    fn_ = &fn;
    n_ = n;
    chunk_ = chunk;
    failed_.store(false, std::memory_order_relaxed);
    error_ = nullptr;
    done_.store(0, std::memory_order_relaxed);
    const uint64_t id = (job_id(state_.load(std::memory_order_relaxed)) + 1) & 0xffffff;
    state_.store(pack(id, uint64_t(n_chunks), 0));  // seq_cst: publishes the job (and pairs with sleeping_)
    if (sleeping_.load() > 0) {
      std::lock_guard<std::mutex> lock(m_);
      cv_.notify_all();
    }
    t_inside_job = true;
    while (claim_and_run()) {
    }
    t_inside_job = false;
    const auto start = Clock::now();
    for (int spins = 0; done_.load(std::memory_order_acquire) != n_chunks; ++spins) {
      cpu_relax();
      if (spins > 4096 && Clock::now() - start > kSpin) std::this_thread::yield();
    }
    fn_ = nullptr;
    if (error_) std::rethrow_exception(error_);
    return true;
  }

 private:
  // Claims the next chunk of the current job and runs it; false when no chunk is left.
  bool claim_and_run() {
    uint64_t s = state_.load(std::memory_order_acquire);
    for (;;) {
      if (next_of(s) >= n_chunks_of(s)) return false;
      if (state_.compare_exchange_weak(s, s + 1, std::memory_order_acq_rel, std::memory_order_acquire)) break;
    }
    // The job cannot finish before this chunk is counted in done_, so its fields are stable.
    const int64_t b = int64_t(next_of(s)) * chunk_;
    if (!failed_.load(std::memory_order_relaxed)) {
      try {
        (*fn_)(b, std::min(n_, b + chunk_));
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex_);
        if (!error_) error_ = std::current_exception();
        failed_.store(true, std::memory_order_relaxed);  // later chunks are counted, not run
      }
    }
    done_.fetch_add(1, std::memory_order_release);
    return true;
  }

  void worker_loop() {
    t_inside_job = true;
    for (;;) {
      while (claim_and_run()) {
      }
      if (stop_.load()) return;
      // Wait for state_ to change (a new job, or stop).
      const uint64_t seen = state_.load(std::memory_order_acquire);
      if (next_of(seen) < n_chunks_of(seen)) continue;
      const auto start = Clock::now();
      for (int spins = 0; state_.load(std::memory_order_acquire) == seen && !stop_.load(std::memory_order_relaxed);
           ++spins) {
        cpu_relax();
        if ((spins & 255) == 255 && Clock::now() - start > kSpin) {
          std::unique_lock<std::mutex> lock(m_);
          sleeping_.fetch_add(1);  // seq_cst: either run() sees us asleep or we see its job
          cv_.wait(lock, [&] { return state_.load() != seen || stop_.load(); });
          sleeping_.fetch_sub(1);
          break;
        }
      }
    }
  }

  void start_workers(int n) {
    stop_.store(false);
    for (int i = 0; i < n; ++i) workers_.emplace_back([this] { worker_loop(); });
  }

  void stop_workers() {
    if (workers_.empty()) return;
    {
      std::lock_guard<std::mutex> lock(m_);
      stop_.store(true);
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }

  std::mutex run_mutex_;  // one job at a time
  std::vector<std::thread> workers_;
  std::mutex m_;
  std::condition_variable cv_;
  std::atomic<uint64_t> state_{0};  // [job id | n_chunks | next chunk]
  std::atomic<int> sleeping_{0};
  std::atomic<bool> stop_{false};
  // The current job (written before state_ publishes it).
  const Fn* fn_ = nullptr;
  int64_t n_ = 0, chunk_ = 1;
  std::atomic<int64_t> done_{0};  // chunks finished
  std::atomic<bool> failed_{false};
  std::mutex error_mutex_;
  std::exception_ptr error_;
};

}  // namespace

void parallel_for(int64_t n, int64_t grain, const Fn& fn) {
  if (n <= 0) return;
  grain = std::max<int64_t>(grain, 1);
  const int threads = std::min(num_threads(), kMaxThreads);
  if (threads <= 1 || n <= grain || t_inside_job) {
    fn(0, n);
    return;
  }
  // About four chunks per thread balance uneven cores; never below the grain.
  const int64_t per = (n + 4 * threads - 1) / (4 * int64_t(threads));
  const int64_t chunk = std::max(grain, per);
  const int64_t n_chunks = (n + chunk - 1) / chunk;  // <= 4 * threads, fits the 20-bit field
  if (!ThreadPool::instance().run(n, chunk, n_chunks, threads, fn)) fn(0, n);
}

}  // namespace tramontane::cpu
