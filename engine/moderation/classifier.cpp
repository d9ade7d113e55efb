#include "engine/moderation/classifier.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "engine/core/text.h"
#include "engine/model/model.h"
#include "engine/runtime/engine.h"

namespace tramontane::moderation {

namespace {

// log_softmax(row)[id], in double.
struct LogSoftmax {
  double max = 0, log_sum = 0;
  explicit LogSoftmax(const float* row, int64_t n) {
    float m = row[0];
    for (int64_t i = 1; i < n; ++i) m = std::max(m, row[i]);
    double s = 0;
    for (int64_t i = 0; i < n; ++i) s += std::exp(double(row[i]) - double(m));
    max = m;
    log_sum = std::log(s);
  }
  double at(const float* row, int32_t id) const { return double(row[id]) - max - log_sum; }
};

bool starts_with(const std::vector<int32_t>& ids, const std::vector<int32_t>& prefix) {
  return ids.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), ids.begin());
}

// Texts that probe where the template's tokens stop being shared: the prompt tokens of all of
// them agree up to the text (a leading space or newline changes how the boundary tokenises).
const char* const kProbes[] = {"A", "zq 7.", " x", "\nx", "\"x\""};

}  // namespace

Expected<Classifier> Classifier::create(const Engine& engine, Policy policy, const ClassifierOptions& options) {
  return try_call([&]() -> Classifier {
    Classifier c(engine, std::move(policy));
    c.options_ = options;
    c.options_.batch_size = std::max<int64_t>(1, options.batch_size);
    c.threshold_ = options.threshold >= 0 ? options.threshold : c.policy_.threshold;
    const std::string where = "policy " + c.policy_.name;
    if (!(c.threshold_ >= 0 && c.threshold_ <= 1)) throw_bad_input(where + ": the threshold must be between 0 and 1");

    const Tokenizer& tok = engine.tokenizer();
    const int64_t n_vocab = engine.config().n_vocab;
    for (const PolicyLabel& l : c.policy_.labels) {
      std::vector<int32_t> ids = tok.encode(l.name);
      if (ids.empty()) throw_bad_input(where + ": label '" + escape_for_message(l.name) + "' has no tokens");
      for (int32_t id : ids)
        if (id < 0 || id >= n_vocab)
          throw_bad_input(where + ": label '" + escape_for_message(l.name) + "' has token " + std::to_string(id) +
                          " outside the model's vocabulary of " + std::to_string(n_vocab));
      c.label_ids_.push_back(std::move(ids));
    }
    for (size_t i = 0; i < c.label_ids_.size(); ++i)
      for (size_t j = 0; j < c.label_ids_.size(); ++j)
        if (i != j && starts_with(c.label_ids_[j], c.label_ids_[i]))
          throw_bad_input(where + ": the tokens of label '" + escape_for_message(c.policy_.labels[i].name) +
                          "' begin those of label '" + escape_for_message(c.policy_.labels[j].name) +
                          "', so the first could never score lower; rename one");

    if (c.options_.prefix_reuse) {
      std::optional<std::vector<int32_t>> common;
      for (const char* probe : kProbes) {
        auto ids = c.prompt_tokens(probe);
        if (!ids) throw ErrorException(ids.error());
        if (!common) {
          common = std::move(*ids);
          continue;
        }
        size_t n = 0;
        while (n < common->size() && n < ids->size() && (*common)[n] == (*ids)[n]) ++n;
        common->resize(n);
      }
      c.prefix_ids_ = std::move(*common);
      const Model& model = engine.model();
      c.prefix_cache_ = model.new_cache();
      if (!c.prefix_ids_.empty()) {
        Status st = model.forward(c.prefix_cache_, c.prefix_ids_.data(), int64_t(c.prefix_ids_.size()), nullptr,
                                  Logits::None);
        if (!st) throw ErrorException(st.error());
      }
    }
    return c;
  });
}

Expected<std::vector<int32_t>> Classifier::prompt_tokens(std::string_view text) const {
  size_t bad_at = 0;
  if (!is_valid_utf8(text, &bad_at))
    return Error{ErrorKind::BadInput, "the text is not valid UTF-8 (byte " + std::to_string(bad_at) + ")"};
  return build_chat_prompt(*engine_, {{ChatMessage::Role::User, policy_.fill(text)}});
}

Expected<ModerationResult> Classifier::classify(std::string_view text) const {
  auto r = classify_batch({std::string(text)});
  if (!r) return r.error();
  return std::move((*r)[0]);
}

Expected<std::vector<Expected<ModerationResult>>> Classifier::classify_batch(
    const std::vector<std::string>& texts, const std::function<void(size_t, size_t)>& progress,
    const std::atomic<bool>* cancel) const {
  const Model& model = engine_->model();
  const ModelConfig& cfg = model.config();
  const int64_t n_vocab = cfg.n_vocab;
  const size_t n_labels = label_ids_.size();
  int64_t max_label = 0;
  for (const auto& l : label_ids_) max_label = std::max<int64_t>(max_label, int64_t(l.size()));

  std::vector<std::optional<Expected<ModerationResult>>> results(texts.size());
  struct Item {
    size_t index;
    std::vector<int32_t> ids;
  };
  std::vector<Item> ready;
  for (size_t i = 0; i < texts.size(); ++i) {
    auto ids = prompt_tokens(texts[i]);
    if (!ids) {
      results[i] = ids.error();
      continue;
    }
    // Without a window the prompt and the answer must fit the context (forward_batch would refuse the batch).
    const int64_t need = int64_t(ids->size()) + max_label - 1;
    if (cfg.window == 0 && need > cfg.n_ctx_max) {
      results[i] = Error{ErrorKind::BadInput, "the prompt of " + std::to_string(ids->size()) + " tokens and an answer of " +
                                                  std::to_string(max_label - 1) + " more exceed the context limit of " +
                                                  std::to_string(cfg.n_ctx_max) + " tokens"};
      continue;
    }
    ready.push_back({i, std::move(*ids)});
  }
  size_t done = texts.size() - ready.size();

  const size_t batch = size_t(options_.batch_size);
  for (size_t start = 0; start < ready.size(); start += batch) {
    const size_t nb = std::min(batch, ready.size() - start);
    if (cancel && cancel->load()) {
      for (size_t k = start; k < ready.size(); ++k)
        results[ready[k].index] = Error{ErrorKind::Cancelled, "cancelled"};
      break;
    }
    const auto t0 = std::chrono::steady_clock::now();

    // Step 1: each text's prompt (after the shared prefix when it starts with it), last logits only.
    std::vector<KvCache> caches;
    caches.reserve(nb);
    std::vector<size_t> skip(nb, 0);
    std::vector<float> last(nb * size_t(n_vocab));
    std::vector<SeqInput> step;
    for (size_t b = 0; b < nb; ++b) {
      const auto& ids = ready[start + b].ids;
      const bool reuse = options_.prefix_reuse && !prefix_ids_.empty() && ids.size() > prefix_ids_.size() &&
                         starts_with(ids, prefix_ids_);
      caches.push_back(reuse ? prefix_cache_ : model.new_cache());
      skip[b] = reuse ? prefix_ids_.size() : 0;
    }
    for (size_t b = 0; b < nb; ++b) {
      const auto& ids = ready[start + b].ids;
      step.push_back({&caches[b], ids.data() + skip[b], int64_t(ids.size() - skip[b]), last.data() + b * size_t(n_vocab),
                      Logits::Last});
    }
    Status st = model.forward_batch(step);
    if (!st) return st.error();

    std::vector<std::vector<double>> score(nb, std::vector<double>(n_labels, 0.0));
    std::vector<int64_t> computed(nb, 0);
    for (size_t b = 0; b < nb; ++b) {
      const float* row = last.data() + b * size_t(n_vocab);
      LogSoftmax ls(row, n_vocab);
      for (size_t l = 0; l < n_labels; ++l) score[b][l] = ls.at(row, label_ids_[l][0]);
      computed[b] = int64_t(ready[start + b].ids.size() - skip[b]);
    }

    // Step 2: the rest of each label, teacher-forced, for all texts of the batch at once.
    for (size_t l = 0; l < n_labels; ++l) {
      const auto& lab = label_ids_[l];
      const int64_t m = int64_t(lab.size());
      if (m < 2) continue;
      std::vector<KvCache> copies;
      copies.reserve(nb);
      std::vector<KvCache*> target(nb);
      std::vector<float> logits(nb * size_t(m - 1) * size_t(n_vocab));
      step.clear();
      for (size_t b = 0; b < nb; ++b) {
        const int64_t n_prompt = int64_t(ready[start + b].ids.size());
        const bool truncatable = cfg.window == 0 || n_prompt + m - 1 <= cfg.window;
        if (truncatable) {
          target[b] = &caches[b];
        } else {
          copies.push_back(caches[b]);
          target[b] = &copies.back();
        }
        step.push_back({target[b], lab.data(), m - 1, logits.data() + b * size_t(m - 1) * size_t(n_vocab), Logits::All});
      }
      st = model.forward_batch(step);
      if (!st) return st.error();
      for (size_t b = 0; b < nb; ++b) {
        for (int64_t k = 1; k < m; ++k) {
          const float* row = logits.data() + (b * size_t(m - 1) + size_t(k - 1)) * size_t(n_vocab);
          score[b][l] += LogSoftmax(row, n_vocab).at(row, lab[size_t(k)]);
        }
        computed[b] += m - 1;
        if (target[b] == &caches[b] && !caches[b].truncate(int64_t(ready[start + b].ids.size())))
          return Error{ErrorKind::Internal, "moderation: KV cache truncation failed"};
      }
    }

    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (size_t b = 0; b < nb; ++b) {
      // NaN or infinite weights in a damaged or hostile model file give NaN logits: say so for
      // this text rather than report a NaN probability (which no threshold or sort can handle).
      if (!std::all_of(score[b].begin(), score[b].end(), [](double v) { return std::isfinite(v); })) {
        results[ready[start + b].index] =
            Error{ErrorKind::BadInput, engine_->path() + ": the model's output for this text is not a number (NaN "
                                                         "or infinite logits): the model file may be damaged"};
        continue;
      }
      ModerationResult r;
      r.log_probs = score[b];
      const double mx = *std::max_element(score[b].begin(), score[b].end());
      double sum = 0;
      r.probs.resize(n_labels);
      for (size_t l = 0; l < n_labels; ++l) sum += (r.probs[l] = std::exp(score[b][l] - mx));
      for (double& p : r.probs) p /= sum;
      r.top = size_t(std::max_element(r.probs.begin(), r.probs.end()) - r.probs.begin());
      // P(not safe) as the sum of the other labels (exact also when P(safe) is close to 1).
      for (size_t l = 0; l < n_labels; ++l)
        if (l != policy_.safe_index) r.p_unsafe += r.probs[l];
      r.flagged = r.p_unsafe >= threshold_;
      r.prompt_tokens = int64_t(ready[start + b].ids.size());
      r.computed_tokens = computed[b];
      r.reused_prefix = skip[b] > 0;
      r.seconds = seconds / double(nb);
      results[ready[start + b].index] = std::move(r);
    }
    done += nb;
    if (progress) progress(done, texts.size());
  }

  std::vector<Expected<ModerationResult>> out;
  out.reserve(texts.size());
  for (auto& r : results) out.push_back(std::move(*r));
  return out;
}

}  // namespace tramontane::moderation
