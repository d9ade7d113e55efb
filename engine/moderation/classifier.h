#pragma once
// Content moderation by self-reflection: the model reads a policy prompt with the text in it and
// we read off how likely each of the policy's answers (labels) is. Nothing is generated.
//
// Scoring of one text T (docs/MODERATION.md):
//   prompt  = build_chat_prompt(engine, {user: policy.fill(T)})       BOS, [INST] ... [/INST]
//   label   = Tokenizer::encode(label name): SentencePiece with its dummy-prefix space, i.e.
//             "▁not ▁moder ated" -- exactly the tokens mistral-common writes for an assistant
//             answer after [/INST] (v1 and v3 alike), so the answer the model would generate.
//   score_l = log P(label tokens | prompt) = sum_k log_softmax(logits after prompt + label[<k])[label[k]]
//             (teacher-forced; no EOS: the answer's tokens only)
//   P(l)    = softmax over the policy's labels of score_l
//   flagged = 1 - P(safe label) >= threshold
//
// Cost: the prompt part before the text is the same for every text; it is prefilled once into a
// KvCache (the "prefix cache") when the Classifier is made, and each text starts from a copy of
// it, so a text costs its own tokens plus the label tokens. A batch of texts runs as several
// sequences through Model::forward_batch (each weight read once per step for all of them). The
// label tokens after the first are teacher-forced one label at a time for the whole batch; the
// prompt's cache is then truncated back (KvCache::truncate) for the next label, or copied when a
// sliding window has wrapped. When every label is one token the first step gives the answer.
//
// Runs on the Engine's CPU Model. A Classifier is immutable after create(): its const methods
// may run on several threads at once.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"
#include "engine/kv/kv_cache.h"
#include "engine/moderation/policy.h"

namespace tramontane {
class Engine;
}

namespace tramontane::moderation {

struct ClassifierOptions {
  bool prefix_reuse = true;   // start each text from the cached policy prefix
  int64_t batch_size = 16;    // texts per forward_batch (>= 1)
  double threshold = -1;      // < 0: the policy's threshold
};

struct ModerationResult {
  bool flagged = false;              // p_unsafe >= threshold
  double p_unsafe = 0;               // 1 - P(safe label)
  size_t top = 0;                    // index of the most probable label
  std::vector<double> probs;         // [labels]: normalised over the policy's labels
  std::vector<double> log_probs;     // [labels]: log P(label tokens | prompt), before normalising
  int64_t prompt_tokens = 0;         // tokens of the prompt (BOS .. [/INST])
  int64_t computed_tokens = 0;       // tokens run through the model for this text (prefix reuse excluded)
  bool reused_prefix = false;        // started from the prefix cache
  double seconds = 0;                // this text's share of its batch's wall time
};

class Classifier {
 public:
  // Tokenises the labels, checks the policy against the model (a label whose tokens begin another
  // label's is refused: its probability could never be lower), and prefills the prefix cache.
  // `engine` must outlive the Classifier. Errors: BadInput naming the policy.
  static Expected<Classifier> create(const Engine& engine, Policy policy, const ClassifierOptions& options = {});

  const Policy& policy() const { return policy_; }
  double threshold() const { return threshold_; }
  // The tokens of each label as scored.
  const std::vector<std::vector<int32_t>>& label_tokens() const { return label_ids_; }
  // The shared prompt prefix held in the prefix cache (empty without prefix reuse).
  const std::vector<int32_t>& prefix_tokens() const { return prefix_ids_; }

  // The exact prompt tokens for `text` (BadInput for text that is not valid UTF-8).
  Expected<std::vector<int32_t>> prompt_tokens(std::string_view text) const;

  Expected<ModerationResult> classify(std::string_view text) const;
  // One result per text, in order; a text that fails (invalid UTF-8, too long for the context)
  // gets its own error and the others are still classified. `progress(done, total)` after each
  // batch; `cancel` is checked between batches (the unfinished texts get ErrorKind::Cancelled).
  // A Resource error (out of memory) fails the whole call.
  Expected<std::vector<Expected<ModerationResult>>> classify_batch(
      const std::vector<std::string>& texts, const std::function<void(size_t, size_t)>& progress = {},
      const std::atomic<bool>* cancel = nullptr) const;

 private:
  Classifier(const Engine& engine, Policy policy) : engine_(&engine), policy_(std::move(policy)) {}

  const Engine* engine_;
  Policy policy_;
  ClassifierOptions options_;
  double threshold_ = 0.5;
  std::vector<std::vector<int32_t>> label_ids_;
  std::vector<int32_t> prefix_ids_;
  KvCache prefix_cache_{0, 0, 0, 0, 0};
};

}  // namespace tramontane::moderation
