// Hostile or odd user input reaching the engine (issue 11), on the fixture models:
//   - PyTorch pickle checkpoints (a file, or a folder holding one and no safetensors) are refused
//     by name, never opened; a pickle beside safetensors weights is ignored;
//   - a prompt longer than the context of a model without a sliding window is BadInput (nothing
//     prefilled), before any computation; with a window it is accepted;
//   - empty prompts: no messages is BadInput, an empty message is a valid prompt, generating
//     on an empty history is BadInput;
//   - invalid UTF-8 (clipboard garbage) encodes as U+FFFD, in the tokenizer and through the chat
//     templates: never a crash or an error;
//   - a 1 MB paste is tokenized in reasonable time;
//   - cancel during prefill and during decode returns promptly (bounded waits, no hang);
//   - a model whose logits are all NaN (NaN weights): generate is BadInput, not max_tokens of id 0.
#include <QElapsedTimer>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <vector>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include "engine/model/loader.h"
#include "engine/runtime/engine.h"
#include "engine/runtime/session.h"
#include "engine/tokenizer/tokenizer.h"
#include "fixture_util.h"

using namespace tramontane;
using namespace std::chrono_literals;

namespace {

const std::string kFixtures = TRAMONTANE_FIXTURES;
const std::string kGguf = kFixtures + "/gguf_models/model-f32.gguf";   // window 16, limit 128
const std::string kNoWindow = kFixtures + "/moderation/v1";            // no window, limit 2048
const std::string kReplacement = "\xEF\xBF\xBD";                       // U+FFFD

std::unique_ptr<Engine> load(const std::string& path) {
  auto e = Engine::load(path);
  if (!e) qFatal("%s", e.error().message.c_str());
  return std::move(*e);
}

std::string words(size_t bytes) {
  static const char* kWords[] = {"hello ", "world ", "the ", "quick ", "brown ", "fox ", "jumps ",
                                 "over ", "lazy ", "dog ", "42, ", "été ", "日本 ", "\n"};
  std::string s;
  s.reserve(bytes + 16);
  for (size_t i = 0; s.size() < bytes; ++i) s += kWords[(i * 7 + i / 13) % 14];
  s.resize(bytes);
  return s;
}

}  // namespace

class TestInputs : public QObject {
  Q_OBJECT

 private slots:
  void pickle_checkpoints_are_refused() {
    const std::string bad = kFixtures + "/bad/";
    for (const char* name : {"pickle_checkpoint.bin", "pickle_checkpoint.pt", "pickle_checkpoint.pth",
                             "pickle_dir_pytorch_model_bin", "pickle_dir_pt",
                             "pickle_dir_pth"}) {
      auto m = open_model(bad + name);
      QVERIFY2(!m, name);
      QCOMPARE(m.error().kind, ErrorKind::BadInput);
      const std::string& msg = m.error().message;
      QVERIFY2(msg.find(name) != std::string::npos, msg.c_str());
      QVERIFY2(msg.find("PyTorch pickle checkpoints are not loaded (they can run code); convert it to "
                        "safetensors") != std::string::npos, msg.c_str());
    }
    // The file named is the pickle itself (pytorch_model.bin first).
    auto dir = open_model(bad + "pickle_dir_pytorch_model_bin");
    QVERIFY(dir.error().message.find("pytorch_model.bin:") != std::string::npos);
    // Safetensors weights with a stray pickle beside them (training_args.bin): loaded as usual.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QDir src(QStringLiteral(TRAMONTANE_FIXTURES "/models/gqa"));
    for (const QString& f : src.entryList({QStringLiteral("*.json"), QStringLiteral("*.safetensors")}, QDir::Files))
      QVERIFY(QFile::copy(src.filePath(f), tmp.filePath(f)));
    QFile stray(tmp.filePath(QStringLiteral("training_args.bin")));
    QVERIFY(stray.open(QIODevice::WriteOnly));
    stray.write("\x80\x02}q\x00.");
    stray.close();
    auto ok = open_model(tmp.path().toStdString());
    QVERIFY2(ok.has_value(), ok ? "" : ok.error().message.c_str());
  }

  // A GGUF file without the .gguf extension (Ollama's sha256-named blobs) opens by its magic; a
  // file with neither is refused naming it.
  void gguf_without_extension_opens_by_magic() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString blob = dir.filePath(QStringLiteral("sha256-0123abcd"));
    QVERIFY(QFile::copy(QString::fromStdString(kGguf), blob));
    auto m = open_model(blob.toStdString());
    QVERIFY2(m, m ? "" : m.error().message.c_str());
    QCOMPARE(m->format, LoadedModel::Format::Gguf);
    const QString other = dir.filePath(QStringLiteral("notes.txt"));
    QFile f(other);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("GGU");
    f.close();
    auto bad = open_model(other.toStdString());
    QVERIFY(!bad);
    QCOMPARE(bad.error().kind, ErrorKind::BadInput);
    QVERIFY2(bad.error().message.find("notes.txt") != std::string::npos, bad.error().message.c_str());
  }

  void prompt_longer_than_context_is_bad_input() {
    auto e = load(kNoWindow);
    QCOMPARE(e->config().window, int64_t(0));
    const int64_t limit = e->context_limit();
    QVERIFY(limit > 0);
    std::vector<int32_t> ids = e->tokenizer().encode(words(40000));
    QVERIFY(int64_t(ids.size()) > limit);
    Session s(*e);
    QElapsedTimer t;
    t.start();
    Status st = s.prefill(ids);
    QVERIFY(!st);
    QCOMPARE(st.error().kind, ErrorKind::BadInput);
    QVERIFY2(st.error().message.find("context limit of " + std::to_string(limit)) != std::string::npos,
             st.error().message.c_str());
    QVERIFY2(t.elapsed() < 1000, "refused only after computing");   // checked before the first chunk
    QCOMPARE(s.n_past(), int64_t(0));
    QVERIFY(s.history().empty());
    // Through the chat template too, and the session is still usable with a prompt that fits.
    auto prompt = build_chat_prompt(*e, {{ChatMessage::Role::User, words(40000)}});
    QVERIFY(prompt.has_value());
    QVERIFY(!s.prefill(*prompt));
    auto small = build_chat_prompt(*e, {{ChatMessage::Role::User, "hello"}});
    QVERIFY(small.has_value());
    QVERIFY(s.prefill(*small));
    // Exactly at the limit is allowed, one more token is not (on a fresh session).
    Session exact(*e);
    std::vector<int32_t> at_limit(ids.begin(), ids.begin() + limit);
    std::vector<int32_t> over(ids.begin(), ids.begin() + limit + 1);
    QVERIFY(!exact.prefill(over));
    QCOMPARE(exact.n_past(), int64_t(0));
    e->set_chunk_size(512);
    QVERIFY(exact.prefill(at_limit));
    QCOMPARE(exact.n_past(), limit);
    QVERIFY(!exact.prefill(std::vector<int32_t>{ids[0]}));   // full: one more token is refused

    // With a sliding window the same length is accepted (older tokens leave the window).
    auto w = load(kGguf);
    QVERIFY(w->config().window > 0);
    Session sw(*w);
    std::vector<int32_t> long_ids = w->tokenizer().encode(words(2000));
    QVERIFY(int64_t(long_ids.size()) > w->context_limit());
    w->set_chunk_size(512);
    QVERIFY(sw.prefill(long_ids));
    QCOMPARE(sw.n_past(), int64_t(long_ids.size()));
  }

  void empty_prompts() {
    auto e = load(kGguf);
    auto none = build_chat_prompt(*e, {});
    QVERIFY(!none);
    QCOMPARE(none.error().kind, ErrorKind::BadInput);

    auto empty = build_chat_prompt(*e, {{ChatMessage::Role::User, ""}});
    QVERIFY2(empty.has_value(), empty ? "" : empty.error().message.c_str());
    QVERIFY(!empty->empty());
    QCOMPARE(empty->front(), e->tokenizer().bos_id());
    QVERIFY(e->tokenizer().encode("").empty());

    Session s(*e);
    QVERIFY(s.prefill(std::vector<int32_t>{}));   // nothing to do
    QCOMPARE(s.n_past(), int64_t(0));
    GenerateRequest r;
    r.max_tokens = 4;
    auto g = s.generate(r);   // nothing to continue from
    QVERIFY(!g);
    QCOMPARE(g.error().kind, ErrorKind::BadInput);
    QVERIFY(s.prefill(*empty));
    r.sampling.temperature = 0;
    auto answer = s.generate(r);
    QVERIFY(answer.has_value());
  }

  void invalid_utf8_becomes_replacement_character() {
    auto e = load(kGguf);
    const Tokenizer& tok = e->tokenizer();
    const std::vector<std::string> bad = {
        std::string("\xff\xfe"), std::string("ab\xc3"),                  // lone bytes, truncated sequence
        std::string("\xed\xa0\x80 surrogate"),                           // UTF-16 surrogate in UTF-8
        std::string("\xc0\xaf overlong"), std::string("\xf8\x88\x80\x80\x80"),
        std::string("nul\0inside", 10), std::string("\x80\x80\x80") + "hello" + "\xe2\x82",
    };
    for (const std::string& text : bad) {
      const std::vector<int32_t> ids = tok.encode(text);
      for (int32_t id : ids) QVERIFY(id >= 0 && id < tok.n_vocab());
      auto back = tok.decode(ids);
      QVERIFY(back.has_value());
      if (text == std::string("nul\0inside", 10)) {
        QVERIFY2(back->find("inside") != std::string::npos, "text after a NUL was lost");
      } else {
        QVERIFY2(back->find(kReplacement) != std::string::npos, (text + " -> " + *back).c_str());
      }
      // Through the chat template (every role) and a prefill.
      for (auto role : {ChatMessage::Role::System, ChatMessage::Role::User}) {
        std::vector<ChatMessage> msgs;
        if (role == ChatMessage::Role::System) msgs.push_back({role, text});
        msgs.push_back({ChatMessage::Role::User, text});
        auto prompt = build_chat_prompt(*e, msgs);
        QVERIFY2(prompt.has_value(), prompt ? "" : prompt.error().message.c_str());
        Session s(*e);
        QVERIFY(s.prefill(*prompt));
      }
    }
  }

  void one_megabyte_paste() {
    auto e = load(kGguf);
    const std::string paste = words(1 << 20);
    QElapsedTimer t;
    t.start();
    const std::vector<int32_t> ids = e->tokenizer().encode(paste);
    const qint64 ms = t.elapsed();
    qInfo("1 MiB tokenized into %zu tokens in %lld ms", ids.size(), ms);
    QVERIFY(ids.size() > 100000);
    QVERIFY2(ms < 20000, qPrintable(QString("took %1 ms").arg(ms)));
    auto prompt = build_chat_prompt(*e, {{ChatMessage::Role::User, paste}});
    QVERIFY(prompt.has_value());
    QVERIFY(prompt->size() > ids.size());
    // The moderation model (32k vocabulary, no window): refused as too long, not crashed.
    auto v1 = load(kNoWindow);
    auto big = build_chat_prompt(*v1, {{ChatMessage::Role::User, paste}});
    QVERIFY(big.has_value());
    Session s(*v1);
    Status st = s.prefill(*big);
    QVERIFY(!st);
    QCOMPARE(st.error().kind, ErrorKind::BadInput);
  }

  // The prompt is prefilled one token per chunk on another thread; cancel comes from this one.
  void cancel_during_prefill_is_prompt() {
    auto e = load(kGguf);
    e->set_chunk_size(1);
    const std::vector<int32_t> ids = e->tokenizer().encode(words(200000));   // tens of thousands
    Session s(*e);
    std::atomic<bool> cancel{false};
    std::atomic<int64_t> done{0};
    auto run = std::async(std::launch::async, [&] {
      return s.prefill(ids, [&](int64_t d, int64_t) { done = d; }, &cancel);
    });
    QTRY_VERIFY_WITH_TIMEOUT(done.load() >= 2, 10000);
    QElapsedTimer t;
    t.start();
    cancel = true;
    QVERIFY2(run.wait_for(5s) == std::future_status::ready, "prefill did not stop within 5 s");
    const Status st = run.get();
    qInfo("prefill stopped %lld ms after cancel, at %lld of %zu tokens", t.elapsed(),
          static_cast<long long>(s.n_past()), ids.size());
    QVERIFY(!st);
    QCOMPARE(st.error().kind, ErrorKind::Cancelled);
    QVERIFY(s.n_past() < int64_t(ids.size()));
    QCOMPARE(int64_t(s.history().size()), s.n_past());
  }

  void nan_model_generate_is_bad_input() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(copy_with_nan_tensor(QString::fromStdString(kNoWindow), dir.path(), "model.norm.weight"));
    auto e = load(dir.path().toStdString());
    Session s(*e);
    QVERIFY(s.prefill(e->tokenizer().encode("hello there")));
    GenerateRequest r;
    r.max_tokens = 8;
    int tokens = 0;
    auto g = s.generate(r, [&](std::string_view, int32_t) {
      ++tokens;
      return true;
    });
    QVERIFY(!g);
    QCOMPARE(g.error().kind, ErrorKind::BadInput);
    QVERIFY2(g.error().message.find("not a number") != std::string::npos, g.error().message.c_str());
    QCOMPARE(tokens, 0);
    // The same prompt on the intact model generates.
    auto ok_model = load(kNoWindow);
    Session ok(*ok_model);
    QVERIFY(ok.prefill(ok_model->tokenizer().encode("hello there")));
    auto fine = ok.generate(r);
    QVERIFY2(fine.has_value(), fine ? "" : fine.error().message.c_str());
  }

  void cancel_during_decode_is_prompt() {
    auto e = load(kGguf);
    Session s(*e);
    QVERIFY(s.prefill(e->tokenizer().encode("hello there")));
    GenerateRequest r;
    r.max_tokens = 1000000;
    r.stop_at_n_ctx_max = false;   // the window lets it run on until cancelled
    std::atomic<bool> cancel{false};
    std::atomic<int> tokens{0};
    auto run = std::async(std::launch::async, [&] {
      return s.generate(r, [&](std::string_view, int32_t) {
        ++tokens;
        return true;
      }, &cancel);
    });
    QTRY_VERIFY_WITH_TIMEOUT(tokens.load() >= 3, 10000);
    QElapsedTimer t;
    t.start();
    cancel = true;
    QVERIFY2(run.wait_for(5s) == std::future_status::ready, "decode did not stop within 5 s");
    auto result = run.get();
    qInfo("decode stopped %lld ms after cancel, after %d tokens", t.elapsed(), tokens.load());
    QVERIFY(result.has_value());
    QCOMPARE(result->reason, StopReason::Cancelled);
    QVERIFY(result->tokens.size() < 1000000);
  }
};

QTEST_GUILESS_MAIN(TestInputs)
#include "test_inputs.moc"
