#pragma once
// --adapter DIR[=SCALE] (repeatable) of logits, generate and bench: PEFT LoRA adapter directories
// (or llama.cpp GGUF LoRA files, FILE.gguf[=SCALE]) loaded
// for the model (engine/lora/adapter.h), in the order given, each enabled with SCALE (default 1,
// in [0, 2]). "DIR=X" counts as a scale only when X is a number, so a directory whose name holds
// '=' still works. A bad scale is a usage error (exit 2); a bad adapter is BadInput (exit 3) whose
// message names the file and the problem.
#include <memory>
#include <string>
#include <vector>

#include "engine/cli/args.h"
#include "engine/core/status.h"
#include "engine/lora/adapter.h"
#include "engine/model/weights.h"

namespace tramontane::cli {

// The set of every --adapter (empty when there is none).
Expected<lora::AdapterSet> adapter_set_from_args(const Args& args, const ModelWeights& weights);

}  // namespace tramontane::cli
