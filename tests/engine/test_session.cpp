// The runtime API (engine/runtime: Engine, Session) on the GGUF fixture model
// (tools/make_gguf_models.py -> tests/fixtures/gguf_models/: model-f32.gguf, n_vocab 320,
// window 16, context limit 128, synthetic SentencePiece vocabulary; ref.json "greedy" holds the
// v1 chat prompt of "hello there" as llama.cpp tokenizes it and transformers' 24-token greedy
// continuation with its text):
//   - the chat prompt and the greedy tokens/text equal the reference, for several chunk sizes;
//   - a cancel flag set from the token callback stops before the next token; a callback
//     returning false stops after its token;
//   - prefill cancelled between chunks returns ErrorKind::Cancelled with whole chunks kept, and
//     the session works again after reset();
//   - a second turn continues the cached conversation: its logits equal one unchunked forward
//     pass over turn 1 + answer + turn 2 (a fresh Model, chunk 512), also through prefill_to();
//   - stop strings, the context limit (and going past it with a window), errors.
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/model/model.h"
#include "engine/runtime/engine.h"
#include "engine/runtime/session.h"

using namespace tramontane;

namespace {

const std::string kDir = std::string(TRAMONTANE_FIXTURES) + "/gguf_models";

nlohmann::json greedy_ref() {
  std::ifstream in(kDir + "/ref.json");
  return nlohmann::json::parse(in).at("greedy");
}

std::vector<int32_t> ref_ids(const char* key) { return greedy_ref().at(key).get<std::vector<int32_t>>(); }
std::string ref_text() { return greedy_ref().at("output").get<std::string>(); }

std::unique_ptr<Engine> load_engine() {
  auto e = Engine::load(kDir + "/model-f32.gguf");
  if (!e) qFatal("%s", e.error().message.c_str());
  return std::move(*e);
}

GenerateRequest greedy(int64_t max_tokens) {
  GenerateRequest r;
  r.sampling.temperature = 0;
  r.max_tokens = max_tokens;
  return r;
}

std::vector<int32_t> prompt(const Engine& e) {
  auto ids = build_chat_prompt(e, {{ChatMessage::Role::User, greedy_ref().at("text").get<std::string>()}},
                               ChatTemplate::V1);
  if (!ids) qFatal("%s", ids.error().message.c_str());
  return *ids;
}

float max_abs(std::span<const float> a) {
  float m = 0;
  for (float x : a) m = std::max(m, std::fabs(x));
  return m;
}

}  // namespace

class TestSession : public QObject {
  Q_OBJECT

 private slots:
  void load_reports_model() {
    auto e = load_engine();
    QCOMPARE(e->config().n_vocab, int64_t(320));
    QCOMPARE(e->config().window, int64_t(16));
    QCOMPARE(e->tokenizer().n_vocab(), 320);
    QVERIFY(e->model_bytes() > 0);
    QCOMPARE(std::string(e->backend_name()), std::string("cpu"));
    QCOMPARE(prompt(*e), ref_ids("prompt_ids"));
  }

  void greedy_matches_reference_data() {
    QTest::addColumn<int>("chunk");
    QTest::newRow("default") << 0;
    QTest::newRow("chunk1") << 1;
    QTest::newRow("chunk5") << 5;
    QTest::newRow("chunk64") << 64;
  }
  void greedy_matches_reference() {
    QFETCH(int, chunk);
    auto e = load_engine();
    e->set_chunk_size(chunk);
    Session s(*e);
    const auto ids = prompt(*e);
    std::vector<int64_t> progress;
    QVERIFY(s.prefill(ids, [&](int64_t done, int64_t total) {
      QCOMPARE(total, int64_t(ids.size()));
      progress.push_back(done);
    }));
    QCOMPARE(s.n_past(), int64_t(ids.size()));
    QCOMPARE(progress.back(), int64_t(ids.size()));
    const int64_t step = e->chunk_size();
    QCOMPARE(int64_t(progress.size()), (int64_t(ids.size()) + step - 1) / step);
    QVERIFY(s.kv_bytes() > 0);

    const auto ref = ref_ids("tokens");
    std::string streamed;
    std::vector<int32_t> ids_seen;
    auto r = s.generate(greedy(int64_t(ref.size())), [&](std::string_view text, int32_t id) {
      streamed += text;
      if (id >= 0) ids_seen.push_back(id);
      return true;
    });
    QVERIFY2(r.has_value(), r ? "" : r.error().message.c_str());
    QCOMPARE(r->tokens, ref);
    QCOMPARE(ids_seen, ref);
    QCOMPARE(r->text, ref_text());
    QCOMPARE(streamed, ref_text());
    QCOMPARE(r->reason, StopReason::MaxTokens);
    QCOMPARE(s.n_past(), int64_t(ids.size() + ref.size()));
    QCOMPARE(s.history().size(), ids.size() + ref.size());
  }

  // The callback sets the flag while token k is streamed: generation stops before token k + 1.
  void cancel_from_callback() {
    auto e = load_engine();
    Session s(*e);
    QVERIFY(s.prefill(prompt(*e)));
    std::atomic<bool> cancel{false};
    int calls = 0;
    auto r = s.generate(greedy(24), [&](std::string_view, int32_t id) {
      if (id >= 0 && ++calls == 3) cancel = true;
      return true;
    }, &cancel);
    QVERIFY(r.has_value());
    QCOMPARE(r->reason, StopReason::Cancelled);
    const auto ref = ref_ids("tokens");
    QCOMPARE(r->tokens, std::vector<int32_t>(ref.begin(), ref.begin() + 3));
    QCOMPARE(calls, 3);

    // Already set: nothing is generated.
    auto none = s.generate(greedy(24), {}, &cancel);
    QVERIFY(none.has_value());
    QCOMPARE(none->reason, StopReason::Cancelled);
    QVERIFY(none->tokens.empty());
  }

  void callback_false_stops() {
    auto e = load_engine();
    Session s(*e);
    QVERIFY(s.prefill(prompt(*e)));
    int calls = 0;
    auto r = s.generate(greedy(24), [&](std::string_view, int32_t id) { return !(id >= 0 && ++calls == 2); });
    QVERIFY(r.has_value());
    QCOMPARE(r->reason, StopReason::Callback);
    QCOMPARE(int(r->tokens.size()), 2);
    QCOMPARE(s.history().back(), ref_ids("tokens")[1]);
  }

  // Cancelled after the first chunk of 4: the session holds exactly that chunk; after reset() the
  // same session generates the reference.
  void prefill_cancel_between_chunks() {
    auto e = load_engine();
    e->set_chunk_size(4);
    Session s(*e);
    const auto ids = prompt(*e);
    std::atomic<bool> cancel{false};
    Status st = s.prefill(ids, [&](int64_t, int64_t) { cancel = true; }, &cancel);
    QVERIFY(!st);
    QCOMPARE(st.error().kind, ErrorKind::Cancelled);
    QCOMPARE(s.n_past(), int64_t(4));
    QCOMPARE(s.history(), std::vector<int32_t>(ids.begin(), ids.begin() + 4));

    s.reset();
    QCOMPARE(s.n_past(), int64_t(0));
    QCOMPARE(s.kv_bytes(), uint64_t(0));
    QVERIFY(s.last_logits().empty());
    cancel = false;
    QVERIFY(s.prefill(ids, {}, &cancel));
    auto r = s.generate(greedy(24));
    QVERIFY(r.has_value());
    QCOMPARE(r->tokens, ref_ids("tokens"));
    QCOMPARE(r->text, ref_text());
  }

  // Turn 2 on the kept cache (58 tokens, well past the window of 16) equals one forward pass
  // over the whole conversation.
  void second_turn_continues_cache() {
    auto e = load_engine();
    Session s(*e);
    const auto turn1 = prompt(*e);
    QVERIFY(s.prefill(turn1));
    auto answer = s.generate(greedy(24));
    QVERIFY(answer.has_value());
    std::vector<int32_t> turn2{e->tokenizer().eos_id()};
    const auto user2 = e->tokenizer().encode("[INST] how are you [/INST]");
    turn2.insert(turn2.end(), user2.begin(), user2.end());
    QVERIFY(s.prefill(turn2));

    std::vector<int32_t> all = turn1;
    all.insert(all.end(), answer->tokens.begin(), answer->tokens.end());
    all.insert(all.end(), turn2.begin(), turn2.end());
    QCOMPARE(s.history(), all);
    const int64_t n = int64_t(all.size());
    QVERIFY(n > 3 * e->config().window);

    auto one_go = Model::create(e->model().weights());
    QVERIFY(one_go.has_value());
    one_go->set_chunk_size(512);
    KvCache cache = one_go->new_cache();
    std::vector<float> logits(size_t(n * e->config().n_vocab));  // [n, n_vocab]
    QVERIFY(one_go->forward(cache, all.data(), n, logits.data(), Logits::All));
    const std::span<const float> want(logits.data() + (n - 1) * e->config().n_vocab, size_t(e->config().n_vocab));
    const auto got = s.last_logits();
    QCOMPARE(got.size(), want.size());
    const float tol = 1e-4f * max_abs(want);
    for (size_t i = 0; i < want.size(); ++i)
      QVERIFY2(std::fabs(got[i] - want[i]) <= tol, qPrintable(QString("logit %1: %2 vs %3").arg(i).arg(got[i]).arg(want[i])));

    // prefill_to: a session holding turn 1 prefills only the rest; a different history resets.
    Session t(*e);
    QVERIFY(t.prefill(turn1));
    int64_t prefilled = 0;
    QVERIFY(t.prefill_to(all, [&](int64_t done, int64_t) { prefilled = done; }));
    QCOMPARE(prefilled, n - int64_t(turn1.size()));
    QCOMPARE(t.history(), all);
    const auto got_to = t.last_logits();
    for (size_t i = 0; i < want.size(); ++i) QVERIFY(std::fabs(got_to[i] - want[i]) <= tol);
    QVERIFY(t.prefill_to(turn1));
    QCOMPARE(t.history(), turn1);
  }

  // A stop string inside the reference text: the streamed text is what comes before it.
  void stop_string() {
    auto e = load_engine();
    Session s(*e);
    QVERIFY(s.prefill(prompt(*e)));
    const std::string text = ref_text();
    const std::string stop = text.substr(text.size() / 2, 4);
    const size_t at = text.find(stop);
    QVERIFY(at > 0 && at != std::string::npos);
    GenerateRequest req = greedy(24);
    req.stop = {"zzzz", stop};
    std::string streamed;
    auto r = s.generate(req, [&](std::string_view t, int32_t) {
      streamed += t;
      return true;
    });
    QVERIFY(r.has_value());
    QCOMPARE(r->reason, StopReason::StopString);
    QCOMPARE(r->matched_stop, stop);
    QCOMPARE(r->text, text.substr(0, at));
    QCOMPARE(streamed, text.substr(0, at));
    QVERIFY(r->tokens.size() < 24);
  }

  // Window 16 and n_ctx_max 128: generation stops at 128 positions, or goes on past them when asked.
  void context_limit() {
    auto e = load_engine();
    Session s(*e);
    const auto ids = prompt(*e);
    QVERIFY(s.prefill(ids));
    QCOMPARE(s.context_left(), 128 - int64_t(ids.size()));
    auto r = s.generate(greedy(1000));
    QVERIFY(r.has_value());
    QCOMPARE(r->reason, StopReason::Context);
    QCOMPARE(s.n_past(), int64_t(128));
    QCOMPARE(int64_t(r->tokens.size()), 128 - int64_t(ids.size()));
    QCOMPARE(std::vector<int32_t>(r->tokens.begin(), r->tokens.begin() + 24), ref_ids("tokens"));

    GenerateRequest past = greedy(5);
    past.stop_at_n_ctx_max = false;
    QCOMPARE(s.context_left(false), int64_t(-1));
    auto more = s.generate(past);
    QVERIFY(more.has_value());
    QCOMPARE(more->reason, StopReason::MaxTokens);
    QCOMPARE(s.n_past(), int64_t(133));
  }

  void errors() {
    auto e = load_engine();
    Session s(*e);
    auto r = s.generate(greedy(4));
    QVERIFY(!r);
    QCOMPARE(r.error().kind, ErrorKind::BadInput);

    // A bad token late in the prompt changes nothing, whatever the chunk size.
    e->set_chunk_size(2);
    std::vector<int32_t> bad = prompt(*e);
    bad.push_back(320);
    Status st = s.prefill(bad);
    QVERIFY(!st);
    QCOMPARE(st.error().kind, ErrorKind::BadInput);
    QVERIFY2(st.error().message.find("320") != std::string::npos, st.error().message.c_str());
    QCOMPARE(s.n_past(), int64_t(0));

    auto missing = Engine::load(kDir + "/no-such.gguf");
    QVERIFY(!missing);
    QCOMPARE(missing.error().kind, ErrorKind::BadInput);
    QVERIFY(missing.error().message.find("no-such.gguf") != std::string::npos);

    LoadOptions cuda;
    cuda.backend = BackendKind::Cuda;
    auto on_gpu = Engine::load(kDir + "/model-f32.gguf", cuda);
    // Without a CUDA device (or a CUDA build) the CUDA backend is a Resource error; with one the
    // engine runs there.
    if (on_gpu) {
      QCOMPARE(std::string((*on_gpu)->backend_name()), std::string("cuda"));
    } else {
      QCOMPARE(on_gpu.error().kind, ErrorKind::Resource);
    }
    // Auto: CUDA when it works, else the CPU with the reason.
    LoadOptions any;
    any.backend = BackendKind::Auto;
    auto automatic = Engine::load(kDir + "/model-f32.gguf", any);
    QVERIFY(automatic);
    const std::string chosen = (*automatic)->backend_name();
    QCOMPARE(chosen, std::string(on_gpu ? "cuda" : "cpu"));
    if (!on_gpu)
      QVERIFY2((*automatic)->backend_note().rfind("running on the CPU: ", 0) == 0, (*automatic)->backend_note().c_str());
    Session auto_session(**automatic);
    QVERIFY(auto_session.prefill(prompt(**automatic)));
    QCOMPARE(auto_session.last_logits().size(), size_t((*automatic)->config().n_vocab));

    std::atomic<bool> cancel{true};
    LoadOptions cancelled;
    cancelled.cancel = &cancel;
    auto c = Engine::load(kDir + "/model-f32.gguf", cancelled);
    QVERIFY(!c);
    QCOMPARE(c.error().kind, ErrorKind::Cancelled);

    auto v3 = build_chat_prompt(*e, {{ChatMessage::Role::User, "x"}}, ChatTemplate::V3);
    QVERIFY(!v3);
    QCOMPARE(v3.error().kind, ErrorKind::BadInput);
  }
};

QTEST_APPLESS_MAIN(TestSession)
#include "test_session.moc"
