// tramontane-cli info: version, build options, backends available on this machine.
#include <cstdio>
#include <thread>

#include "engine/backend/cpu/matmul.h"
#include "engine/cli/commands.h"

namespace tramontane::cli {

int cmd_info(int, char**) {
  std::printf("Tramontane %s\n", TRAMONTANE_VERSION);
  std::printf("backends: cpu (%d threads)", cpu::num_threads());
#ifdef TRAMONTANE_HAVE_CUDA
  std::printf(", cuda (compiled in)");
#else
  std::printf(", cuda (not compiled in)");
#endif
  std::printf("\nweight types: F32 F16 BF16 Q8_0 Q4_0 Q4_1 Q4_K Q5_K Q6_K\n");
  std::printf("model files: Hugging Face directory (config.json + *.safetensors [+ tokenizer.model]) or .gguf\n");
  return 0;
}

}  // namespace tramontane::cli
