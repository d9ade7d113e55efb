#pragma once
// Next-token sampling with the semantics of Hugging Face transformers' generate() (do_sample):
// the chain, in this order, each step only when enabled:
//   1. repetition penalty  (penalty != 1): for every distinct id seen in `history`,
//                           logit > 0 ? logit / penalty : logit * penalty   (RepetitionPenaltyLogitsProcessor)
//   2. temperature         (!= 1): logit / temperature                    (TemperatureLogitsWarper)
//   3. top-k               (> 0): keep logits >= the k-th largest (ties kept)  (TopKLogitsWarper)
//   4. top-p               (< 1): keep the most likely tokens while the mass strictly above a token
//                           is < top_p (at least one)                      (TopPLogitsWarper)
//   5. min-p               (> 0): drop p < min_p * p_max                   (MinPLogitsWarper)
// then a draw from the softmax of what is left with a seeded 64-bit Mersenne Twister (same
// seed and same logits -> same tokens). temperature == 0 is greedy: the argmax after step 1
// (the lowest id among equal maxima). NaN logits count as -inf; ids in history outside
// [0, n_vocab) are ignored.
#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace tramontane {

struct SamplingParams {
  float temperature = 0.7f;        // 0 = greedy
  int top_k = 0;                   // 0 = off
  float top_p = 1.0f;              // 1 = off
  float min_p = 0.0f;              // 0 = off
  float repetition_penalty = 1.0f; // 1 = off; must be > 0
  uint64_t seed = 0;
};

class Sampler {
 public:
  explicit Sampler(SamplingParams params);

  // One token id drawn from logits[0, n_vocab) (n_vocab >= 1); history: ids seen so far
  // (prompt and generated), for the repetition penalty.
  int32_t sample(const float* logits, int64_t n_vocab, std::span<const int32_t> history);

  // The distribution sample() draws from, as dense probabilities [n_vocab] (0 for removed ids;
  // one-hot for greedy). Does not advance the random state.
  std::vector<double> distribution(const float* logits, int64_t n_vocab, std::span<const int32_t> history);

  const SamplingParams& params() const { return params_; }

 private:
  struct Candidate {
    float logit;
    int32_t id;
  };
  // Steps 1-5 into cands_ (sorted by logit, descending; ties by id) with their normalized
  // probabilities in probs_; greedy leaves the argmax alone with probability 1.
  void filter(const float* logits, int64_t n_vocab, std::span<const int32_t> history);
  void normalize();  // probs_ = softmax of cands_' logits, in double

  SamplingParams params_;
  std::mt19937_64 rng_;
  std::vector<float> scores_;       // [n_vocab] logits after penalty and temperature
  std::vector<uint8_t> seen_;       // [n_vocab] marks for the repetition penalty
  std::vector<Candidate> cands_;
  std::vector<double> probs_;       // [cands_.size()]
};

}  // namespace tramontane
