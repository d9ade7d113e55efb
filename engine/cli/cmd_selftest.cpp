// tramontane-cli selftest --backend cuda [--seed S] [--only OP] [--faults MODEL]: every CUDA op
// against its CPU twin on random inputs; with --faults, then the backend's answers to injected
// faults with MODEL (out of memory at load, KV allocation and mid-generation; a sticky fault, which
// resets the device: selftest_faults.cpp). One line per case: PASS/FAIL, op, case, max error,
// tolerance, detail. Exit 0 when all pass, 1 on any FAIL, 4 on a CUDA error; "skipped: no CUDA
// device" and exit 0 without a device.
#include <cstdio>
#include <string>

#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/cli/report.h"
#include "engine/runtime/engine.h"
#ifdef TRAMONTANE_HAVE_CUDA
#include "engine/backend/cuda/selftest.h"
#include "kernels/api.h"
#endif

namespace tramontane::cli {

namespace {
constexpr const char* kUsage = "usage: tramontane-cli selftest --backend cuda [--seed S] [--only OP] [--faults MODEL]";
}

int cmd_selftest(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {});
  if (!args) return report(args.error());
  if (auto ok = args->check_known({"backend", "seed", "only", "faults"}); !ok) return report(ok.error());
  if (!args->positional().empty()) return report(usage_error(kUsage));
  const std::string backend = args->get("backend").value_or("cuda");
  if (backend != "cuda") return report(usage_error("selftest: --backend must be cuda (the CPU ops are the reference)"));
  auto seed = args->get_int("seed", 20261123, 0, (1LL << 62));
  if (!seed) return report(seed.error());
  const std::string only = args->get("only").value_or("");
  const std::string faults_model = args->get("faults").value_or("");
  if (!faults_model.empty()) {  // a model that does not load is the caller's error (exit 3), not a FAIL
    auto engine = Engine::load(faults_model);
    if (!engine) return report(engine.error());
  }
#ifndef TRAMONTANE_HAVE_CUDA
  std::printf("skipped: no CUDA device (this build has no CUDA backend)\n");
  return 0;
#else
  if (kernels::device_count() == 0) {
    std::printf("skipped: no CUDA device\n");
    return 0;
  }
  kernels::DeviceInfo info{};
  if (int rc = kernels::device_info(0, &info); rc != 0)
    return report({ErrorKind::Resource, std::string("cuda: ") + kernels::error_string(rc)});
  std::printf("device: %s (sm_%d%d, %d SMs, %.1f GiB), seed %lld\n", info.name, info.compute_major,
              info.compute_minor, info.multiprocessors, double(info.total_bytes) / double(1ull << 30), *seed);
  using namespace cuda::selftest;
  int n_pass = 0, n_fail = 0;
  const Report out = [&](const Result& r) {
    const bool ok = r.pass();
    (ok ? n_pass : n_fail) += 1;
    std::printf("%s  %-20s %-42s max_err %.3g  tol %.3g%s%s\n", ok ? "PASS" : "FAIL", r.op.c_str(), r.cases.c_str(),
                r.max_err, r.tol, r.detail.empty() ? "" : "  ", r.detail.c_str());
    std::fflush(stdout);
  };
  struct Family {
    const char* name;
    void (*run)(Rng&, const Report&);
  };
  const Family families[] = {{"norm", check_norm},       {"rope", check_rope}, {"elementwise", check_elementwise},
                             {"dequant", check_dequant}, {"gemv", check_gemv}, {"gemm", check_gemm},
                             {"attention", check_attention}};
  Rng rng{uint64_t(*seed)};
  for (const Family& f : families) {
    if (!only.empty() && only != f.name) continue;
    f.run(rng, out);
  }
  if (!faults_model.empty() && (only.empty() || only == "faults")) check_faults(faults_model, out);
  std::printf("selftest: %d passed, %d failed\n", n_pass, n_fail);
  return n_fail == 0 && n_pass > 0 ? 0 : 1;
#endif
}

}  // namespace tramontane::cli
