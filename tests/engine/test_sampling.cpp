// Sampler against transformers' logits processors (tools/make_sampling_fixtures.py): the filtered
// distributions (1e-6), greedy, draw frequencies (chi-square), seeds; and StopMatcher.
#include <QtTest>

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/status.h"
#include "engine/format/npy.h"
#include "engine/sampling/sampler.h"
#include "engine/sampling/stop_matcher.h"

using namespace tramontane;

namespace {

const std::string kDir = std::string(TRAMONTANE_FIXTURES) + "/sampling/";

struct Case {
  SamplingParams params;
  std::vector<int32_t> history;
  int32_t greedy = -1;
  std::vector<float> logits;
  std::vector<double> probs;
};

std::vector<Case> load_cases() {
  auto logits = read_npy(kDir + "logits.npy");
  auto probs = read_npy(kDir + "probs.npy");
  if (!logits || !probs) throw std::runtime_error("sampling fixtures missing");
  std::ifstream f(kDir + "cases.json");
  const auto manifest = nlohmann::json::parse(f);
  const int64_t n_vocab = logits->shape.at(1);
  std::vector<Case> cases;
  for (size_t i = 0; i < manifest.size(); ++i) {
    const auto& m = manifest[i];
    Case c;
    c.params.temperature = m.at("temperature").get<float>();
    c.params.top_k = m.at("top_k").get<int>();
    c.params.top_p = m.at("top_p").get<float>();
    c.params.min_p = m.at("min_p").get<float>();
    c.params.repetition_penalty = m.at("repetition_penalty").get<float>();
    c.params.seed = 1000 + i;
    c.history = m.at("history").get<std::vector<int32_t>>();
    c.greedy = m.at("greedy").get<int32_t>();
    c.logits.assign(logits->f32.begin() + int64_t(i) * n_vocab, logits->f32.begin() + int64_t(i + 1) * n_vocab);
    c.probs.assign(probs->f64.begin() + int64_t(i) * n_vocab, probs->f64.begin() + int64_t(i + 1) * n_vocab);
    cases.push_back(std::move(c));
  }
  return cases;
}

// Upper quantile of chi-square with df degrees of freedom at p = 1e-6 (Wilson-Hilferty).
double chi2_limit(int df) {
  const double z = 4.753, a = 2.0 / (9.0 * df);
  return df * std::pow(1.0 - a + z * std::sqrt(a), 3.0);
}

std::string feed_all(StopMatcher& m, const std::vector<std::string>& pieces, std::vector<std::string>* emitted,
                     bool* stopped) {
  std::string out;
  *stopped = false;
  for (const auto& p : pieces) {
    auto step = m.feed_text(p);
    emitted->push_back(step.text);
    out += step.text;
    if (step.stopped) {
      *stopped = true;
      break;
    }
  }
  return out;
}

}  // namespace

class TestSampling : public QObject {
  Q_OBJECT
 private slots:
  void distributionsMatchTransformers() {
    const auto cases = load_cases();
    QCOMPARE(int(cases.size()), 14);
    for (size_t i = 0; i < cases.size(); ++i) {
      const Case& c = cases[i];
      Sampler s(c.params);
      const auto p = s.distribution(c.logits.data(), int64_t(c.logits.size()), c.history);
      double worst = 0;
      for (size_t v = 0; v < p.size(); ++v) {
        QVERIFY2((p[v] == 0) == (c.probs[v] == 0), ("case " + std::to_string(i) + " token " + std::to_string(v) +
                                                    ": kept by one side only").c_str());
        worst = std::max(worst, std::fabs(p[v] - c.probs[v]));
      }
      QVERIFY2(worst <= 1e-6, ("case " + std::to_string(i) + ": max |p - p_hf| = " + std::to_string(worst)).c_str());
    }
  }

  void greedyIsArgmaxAfterPenalty() {
    for (const Case& c : load_cases()) {
      SamplingParams g = c.params;
      g.temperature = 0.0f;
      Sampler s(g);
      QCOMPARE(s.sample(c.logits.data(), int64_t(c.logits.size()), c.history), c.greedy);
      const auto p = s.distribution(c.logits.data(), int64_t(c.logits.size()), c.history);
      QCOMPARE(p[size_t(c.greedy)], 1.0);
    }
  }

  void frequenciesFollowTheDistribution() {
    const auto cases = load_cases();
    int checked = 0;
    for (size_t i = 0; i < cases.size(); ++i) {
      const Case& c = cases[i];
      int kept = 0;
      for (double p : c.probs) kept += p > 0;
      if (kept < 2 || kept > 60) continue;
      Sampler s(c.params);
      const int n = 20000;
      std::map<int32_t, int> counts;
      for (int k = 0; k < n; ++k) counts[s.sample(c.logits.data(), int64_t(c.logits.size()), c.history)]++;
      for (const auto& [id, cnt] : counts)
        QVERIFY2(c.probs[size_t(id)] > 0, ("case " + std::to_string(i) + " drew a filtered token").c_str());
      // Pearson chi-square; categories expecting fewer than 5 draws are pooled.
      double chi2 = 0, pooled_e = 0, pooled_o = 0;
      int df = -1;
      for (size_t v = 0; v < c.probs.size(); ++v) {
        if (c.probs[v] == 0) continue;
        const double e = c.probs[v] * n;
        const double o = counts.count(int32_t(v)) ? counts[int32_t(v)] : 0;
        if (e < 5) {
          pooled_e += e;
          pooled_o += o;
          continue;
        }
        chi2 += (o - e) * (o - e) / e;
        ++df;
      }
      if (pooled_e > 0) {
        chi2 += (pooled_o - pooled_e) * (pooled_o - pooled_e) / pooled_e;
        ++df;
      }
      QVERIFY(df >= 1);
      QVERIFY2(chi2 <= chi2_limit(df), ("case " + std::to_string(i) + ": chi2 " + std::to_string(chi2) + " > " +
                                        std::to_string(chi2_limit(df)) + " (df " + std::to_string(df) + ")").c_str());
      ++checked;
    }
    QVERIFY(checked >= 5);
  }

  void sameSeedSameTokens() {
    const auto cases = load_cases();
    SamplingParams p = cases[0].params;  // temperature 0.7 over the whole vocabulary
    auto run = [&](uint64_t seed) {
      p.seed = seed;
      Sampler s(p);
      std::vector<int32_t> out;
      for (int k = 0; k < 200; ++k) {
        const Case& c = cases[size_t(k) % cases.size()];
        out.push_back(s.sample(c.logits.data(), int64_t(c.logits.size()), out));
      }
      return out;
    };
    QCOMPARE(run(42), run(42));
    QVERIFY(run(42) != run(43));
  }

  void edgeCases() {
    const float inf = std::numeric_limits<float>::infinity();
    const std::vector<float> masked = {-inf, -inf, std::nanf(""), -inf};
    Sampler s(SamplingParams{});
    QCOMPARE(s.sample(masked.data(), 4, {}), 0);  // nothing to weigh: the first id
    const std::vector<float> one = {-inf, 2.0f, -inf};
    QCOMPARE(s.sample(one.data(), 3, {}), 1);
    const std::vector<int32_t> hist = {-5, 99, 1};  // out-of-range ids are ignored
    SamplingParams g;
    g.temperature = 0;
    g.repetition_penalty = 4.0f;
    Sampler sg(g);
    const std::vector<float> l = {1.0f, 3.0f, 0.5f};
    QCOMPARE(sg.sample(l.data(), 3, hist), 0);  // 3 / 4 < 1
    for (auto bad : {SamplingParams{-1.0f}, SamplingParams{1.0f, -1}, SamplingParams{1.0f, 0, 0.0f},
                     SamplingParams{1.0f, 0, 1.0f, 0.0f, 0.0f}})
      QVERIFY_THROWS_EXCEPTION(ErrorException, Sampler{bad});
  }

  void stopStringSplitAcrossPieces() {
    StopMatcher m({"\nUser:"});
    std::vector<std::string> emitted;
    bool stopped;
    const auto out = feed_all(m, {"Hi", "!\n", "Us", "er:", " more"}, &emitted, &stopped);
    QVERIFY(stopped);
    QCOMPARE(out, std::string("Hi!"));
    QCOMPARE(emitted, (std::vector<std::string>{"Hi", "!", "", ""}));
    QVERIFY(m.stopped());
    QVERIFY(m.feed_text("x").stopped);
  }

  void falseStartIsReleased() {
    StopMatcher m({"\nUser:"});
    std::vector<std::string> emitted;
    bool stopped;
    const auto out = feed_all(m, {"Hi", "!\n", "Use", "d it"}, &emitted, &stopped);
    QVERIFY(!stopped);
    QCOMPARE(emitted, (std::vector<std::string>{"Hi", "!", "", "\nUsed it"}));
    QCOMPARE(out + m.flush(), std::string("Hi!\nUsed it"));
  }

  void stopInsideOnePieceAndEarliestWins() {
    StopMatcher m({"END", "ND!"});
    const auto step = m.feed_text("abcEND!xyz");
    QVERIFY(step.stopped);
    QCOMPARE(step.text, std::string("abc"));
    QCOMPARE(step.matched, std::string("END"));
    StopMatcher both({"ab", "abc"});
    QCOMPARE(both.feed_text("xabcd").matched, std::string("abc"));  // same start: the longer one
  }

  void heldTextIsFlushedAtTheEnd() {
    StopMatcher m({"###"});
    QCOMPARE(m.feed_text("answer #").text, std::string("answer "));
    QCOMPARE(m.held_bytes(), size_t(1));
    QCOMPARE(m.feed_text("#").text, std::string(""));
    QCOMPARE(m.flush(), std::string("##"));
  }

  void stopTokenEndsAndReleasesHeldText() {
    StopMatcher m({"\n\n"}, {2});
    QCOMPARE(m.feed(10, "Done.\n").text, std::string("Done."));
    const auto step = m.feed(2, "</s>");
    QVERIFY(step.stopped);
    QCOMPARE(step.text, std::string("\n"));  // held, not a stop string after all; EOS text dropped
    QCOMPARE(step.matched, std::string(""));
    QVERIFY(m.feed(5, "x").stopped);
  }

  void incompleteUtf8IsHeld() {
    StopMatcher m({});
    const std::string euro = "\xE2\x82\xAC";  // U+20AC in three bytes
    QCOMPARE(m.feed_text("a" + euro.substr(0, 1)).text, std::string("a"));
    QCOMPARE(m.feed_text(euro.substr(1, 1)).text, std::string(""));
    QCOMPARE(m.feed_text(euro.substr(2) + "b").text, euro + "b");
    QCOMPARE(m.feed_text("\xFF").text, std::string("\xFF"));  // invalid bytes are not held forever
    StopMatcher none({"", ""});                           // empty stop strings are ignored
    QCOMPARE(none.feed_text("text").text, std::string("text"));
  }
};

QTEST_APPLESS_MAIN(TestSampling)
#include "test_sampling.moc"
