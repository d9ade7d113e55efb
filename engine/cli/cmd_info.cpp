// tramontane-cli info: version, build options, backends available on this machine.
#include <cstdio>
#include <thread>

#include "engine/backend/cpu/matmul.h"
#include "engine/cli/commands.h"
#ifdef TRAMONTANE_HAVE_CUDA
#include "kernels/api.h"
#endif

namespace tramontane::cli {

int cmd_info(int, char**) {
  std::printf("Tramontane %s\n", TRAMONTANE_VERSION);
  std::printf("backends: cpu (%d threads)", cpu::num_threads());
#ifdef TRAMONTANE_HAVE_CUDA
  const int n_dev = kernels::device_count();
  if (n_dev == 0) std::printf(", cuda (compiled in; no CUDA device found)");
  for (int i = 0; i < n_dev; ++i) {
    kernels::DeviceInfo d{};
    if (kernels::device_info(i, &d) == 0)
      std::printf(", cuda:%d %s (sm_%d%d, %.1f GiB)", i, d.name, d.compute_major, d.compute_minor,
                  double(d.total_bytes) / (1u << 30));
  }
#else
  std::printf(", cuda (not compiled in)");
#endif
  std::printf("\nweight types: F32 F16 BF16 Q8_0 Q4_0 Q4_1 Q4_K Q5_K Q6_K\n");
  std::printf("model files: Hugging Face directory (config.json + *.safetensors [+ tokenizer.model]) or .gguf\n");
  return 0;
}

}  // namespace tramontane::cli
