#include "engine/sampling/sampler.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "engine/core/status.h"

namespace tramontane {

namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

}  // namespace

Sampler::Sampler(SamplingParams params) : params_(params), rng_(params.seed) {
  const auto bad = [](const std::string& what) { throw_error(ErrorKind::Usage, "sampling: " + what); };
  if (!(params_.temperature >= 0.0f) || !std::isfinite(params_.temperature)) bad("temperature must be >= 0");
  if (params_.top_k < 0) bad("top_k must be >= 0 (0 = off)");
  if (!(params_.top_p > 0.0f && params_.top_p <= 1.0f)) bad("top_p must be in (0, 1]");
  if (!(params_.min_p >= 0.0f && params_.min_p <= 1.0f)) bad("min_p must be in [0, 1]");
  if (!(params_.repetition_penalty > 0.0f) || !std::isfinite(params_.repetition_penalty))
    bad("repetition_penalty must be > 0");
}

void Sampler::filter(const float* logits, int64_t n_vocab, std::span<const int32_t> history) {
  if (n_vocab <= 0) throw_error(ErrorKind::Internal, "sampling: empty vocabulary");
  const size_t n = size_t(n_vocab);
  scores_.assign(logits, logits + n);
  for (float& s : scores_)
    if (std::isnan(s)) s = kNegInf;

  // 1. repetition penalty, once per distinct id
  const float rp = params_.repetition_penalty;
  if (rp != 1.0f) {
    seen_.assign(n, 0);
    for (int32_t id : history) {
      if (id < 0 || size_t(id) >= n || seen_[size_t(id)]) continue;
      seen_[size_t(id)] = 1;
      float& s = scores_[size_t(id)];
      s = s < 0.0f ? s * rp : s / rp;
    }
  }

  cands_.clear();
  if (params_.temperature == 0.0f) {  // greedy: the first maximum
    const size_t best = size_t(std::max_element(scores_.begin(), scores_.end()) - scores_.begin());
    cands_.push_back({scores_[best], int32_t(best)});
    probs_.assign(1, 1.0);
    return;
  }

  // 2. temperature
  if (params_.temperature != 1.0f)
    for (float& s : scores_) s = s / params_.temperature;

  cands_.reserve(n);
  for (size_t i = 0; i < n; ++i)
    if (scores_[i] > kNegInf) cands_.push_back({scores_[i], int32_t(i)});
  if (cands_.empty()) {  // every logit -inf or NaN: nothing to weigh, take the first id
    cands_.push_back({kNegInf, 0});
    probs_.assign(1, 1.0);
    return;
  }
  const auto before = [](const Candidate& a, const Candidate& b) {
    return a.logit > b.logit || (a.logit == b.logit && a.id < b.id);
  };

  // 3. top-k: everything >= the k-th largest logit stays (ties included)
  if (params_.top_k > 0 && size_t(params_.top_k) < cands_.size()) {
    const size_t k = size_t(params_.top_k);
    std::nth_element(cands_.begin(), cands_.begin() + ptrdiff_t(k - 1), cands_.end(), before);
    const float kth = cands_[k - 1].logit;
    cands_.erase(std::remove_if(cands_.begin(), cands_.end(), [kth](const Candidate& c) { return c.logit < kth; }),
                 cands_.end());
  }
  std::sort(cands_.begin(), cands_.end(), before);
  normalize();

  // 4. top-p: keep token i while the mass of the tokens before it is < top_p
  if (params_.top_p < 1.0f) {
    double above = 0.0;
    size_t keep = 0;
    while (keep < cands_.size() && (keep == 0 || above < double(params_.top_p))) above += probs_[keep++];
    if (keep < cands_.size()) {
      cands_.resize(keep);
      normalize();
    }
  }

  // 5. min-p: drop p < min_p * p_max (the first candidate always stays)
  if (params_.min_p > 0.0f) {
    const double threshold = double(params_.min_p) * probs_[0];
    size_t keep = 1;
    while (keep < cands_.size() && probs_[keep] >= threshold) ++keep;  // probs_ is non-increasing
    if (keep < cands_.size()) {
      cands_.resize(keep);
      normalize();
    }
  }
}

void Sampler::normalize() {
  probs_.resize(cands_.size());
  const double m = cands_[0].logit;  // the largest: cands_ is sorted
  double sum = 0.0;
  for (size_t i = 0; i < cands_.size(); ++i) sum += probs_[i] = std::exp(double(cands_[i].logit) - m);
  for (double& p : probs_) p /= sum;
}

int32_t Sampler::sample(const float* logits, int64_t n_vocab, std::span<const int32_t> history) {
  filter(logits, n_vocab, history);
  if (cands_.size() == 1) return cands_[0].id;
  const double u = double(rng_() >> 11) * 0x1.0p-53;  // uniform in [0, 1)
  double acc = 0.0;
  for (size_t i = 0; i < cands_.size(); ++i) {
    acc += probs_[i];
    if (u < acc) return cands_[i].id;
  }
  return cands_.back().id;  // u beyond the rounded total
}

std::vector<double> Sampler::distribution(const float* logits, int64_t n_vocab, std::span<const int32_t> history) {
  filter(logits, n_vocab, history);
  std::vector<double> dense(size_t(n_vocab), 0.0);
  for (size_t i = 0; i < cands_.size(); ++i) dense[size_t(cands_[i].id)] = probs_[i];
  return dense;
}

}  // namespace tramontane
