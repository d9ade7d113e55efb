// Moderation (engine/moderation, `tramontane-cli moderate`) on the fixtures of
// tools/make_moderation_fixtures.py: tests/fixtures/moderation/{v1,v3} are tiny random Mistral
// models (float16, tied embeddings) with the real Mistral tokenizers, and expected.json holds,
// for both built-in policies and 12 texts, mistral-common's prompt ids, the label ids and
// transformers' float64 label probabilities.
//   - prompt ids and label ids equal the reference; probabilities within 1e-4 (log probs too);
//   - prefix reuse equals no reuse, a batch of 16 equals 16 single runs, also on a copy of the
//     model with a sliding window the prompts overflow (the ring is copied, not truncated);
//   - the CLI's evaluation on a 48-row labelled CSV: the confusion matrix computed here from its
//     per-row verdicts and the labels equals the printed one, and so do P/R/F1/accuracy;
//   - a model whose logits are NaN (NaN weights): a per-text error, not a NaN probability;
//   - bad input: missing columns (exit 3 naming file and column), empty / non-UTF-8 / 1 MiB+
//     rows and broken JSONL lines (per-row errors, the rest classified), bad policies.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_run.h"
#include "fixture_util.h"
#include "engine/moderation/classifier.h"
#include "engine/moderation/dataset.h"
#include "engine/moderation/policy.h"
#include "engine/runtime/engine.h"

using namespace tramontane;
using namespace tramontane::moderation;

namespace {

const std::string kFixtures = std::string(TRAMONTANE_FIXTURES) + "/moderation";

nlohmann::json expected(const std::string& the_case) {
  std::ifstream in(kFixtures + "/" + the_case + "/expected.json");
  return nlohmann::json::parse(in);
}

std::unique_ptr<Engine> load(const std::string& dir) {
  auto e = Engine::load(dir);
  if (!e) qFatal("%s", e.error().message.c_str());
  return std::move(*e);
}

Classifier make(const Engine& e, const std::string& policy, ClassifierOptions o = {}) {
  auto p = builtin_policy(policy);
  if (!p) qFatal("%s", p.error().message.c_str());
  auto c = Classifier::create(e, *p, o);
  if (!c) qFatal("%s", c.error().message.c_str());
  return std::move(*c);
}

std::vector<ModerationResult> run_all(const Classifier& c, const std::vector<std::string>& texts) {
  auto r = c.classify_batch(texts);
  if (!r) qFatal("%s", r.error().message.c_str());
  std::vector<ModerationResult> out;
  for (auto& x : *r) {
    if (!x) qFatal("%s", x.error().message.c_str());
    out.push_back(*x);
  }
  return out;
}

double max_diff(const std::vector<ModerationResult>& a, const std::vector<ModerationResult>& b) {
  double d = 0;
  for (size_t i = 0; i < a.size(); ++i)
    for (size_t l = 0; l < a[i].probs.size(); ++l) {
      const double x = std::abs(a[i].probs[l] - b[i].probs[l]);
      if (!(x <= d)) d = x;  // NaN counts as a difference
    }
  return d;
}

std::vector<std::string> sixteen_texts() {
  std::vector<std::string> t;
  const nlohmann::json exp = expected("v3");
  for (const auto& c : exp["policies"]["binary"]["cases"]) t.push_back(c["text"].get<std::string>());
  t.push_back("Another ordinary sentence about the weather in Lyon.");
  t.push_back("A much longer text: " + std::string(300, 'a') + " with a tail.");
  t.push_back("Comment puis-je ouvrir un compte bancaire ?");
  t.push_back("ok");
  return t;
}

QString write_file(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
  const QString path = dir.filePath(name);
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
  f.write(bytes);
  return path;
}

std::vector<nlohmann::json> read_jsonl(const QString& path) {
  std::ifstream in(path.toStdString());
  std::vector<nlohmann::json> rows;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
  return rows;
}

QString cli_model() { return QString::fromStdString(kFixtures + "/v3"); }

// The truth rule of the CLI, written out again here.
bool truth_of(const std::string& label) {
  std::string l = label;
  std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return !(l == "0" || l == "false" || l == "no" || l == "safe" || l == "not flagged");
}

}  // namespace

class TestModeration : public QObject {
  Q_OBJECT

 private slots:
  void builtin_policies() {
    QCOMPARE(builtin_policy_names(), (std::vector<std::string>{"binary", "mistral13"}));
    auto m = builtin_policy("mistral13");
    QVERIFY2(m.has_value(), m ? "" : m.error().message.c_str());
    QCOMPARE(m->labels.size(), size_t(14));
    QCOMPARE(m->safe_label(), std::string("not moderated"));
    QVERIFY(m->template_text.starts_with("You're given a list of moderation categories as below:\n\n- illegal: Illegal activity.\n"));
    QVERIFY(m->template_text.ends_with("please answer \"not moderated\".\n\n{text}"));
    QVERIFY(m->source.find("guardrailing.mdx") != std::string::npos);
    const char* cats[] = {"illegal", "child abuse", "hate violence harassment", "malware", "physical harm",
                          "economic harm", "fraud", "adult", "political", "privacy", "unqualified law",
                          "unqualified financial", "unqualified health"};
    for (size_t i = 0; i < 13; ++i) QCOMPARE(m->labels[i].name, std::string(cats[i]));
    auto b = builtin_policy("binary");
    QVERIFY(b.has_value());
    QCOMPARE(b->safe_label(), std::string("safe"));
    QCOMPARE(b->fill("X").find("<BEGIN TEXT>\nX\n<END TEXT>") != std::string::npos, true);
    QVERIFY(!builtin_policy("nope"));
  }

  void matches_transformers_data() {
    QTest::addColumn<QString>("the_case");
    QTest::addColumn<QString>("policy");
    for (const char* c : {"v1", "v3"})
      for (const char* p : {"mistral13", "binary"})
        QTest::newRow(qPrintable(QString("%1 %2").arg(c, p))) << QString(c) << QString(p);
  }
  void matches_transformers() {
    QFETCH(QString, the_case);
    QFETCH(QString, policy);
    const auto exp = expected(the_case.toStdString())["policies"][policy.toStdString()];
    auto engine = load(kFixtures + "/" + the_case.toStdString());
    const Classifier c = make(*engine, policy.toStdString());
    QCOMPARE(c.label_tokens(), exp["label_ids"].get<std::vector<std::vector<int32_t>>>());
    std::vector<std::string> texts;
    for (const auto& k : exp["cases"]) {
      texts.push_back(k["text"].get<std::string>());
      auto ids = c.prompt_tokens(texts.back());
      QVERIFY(ids.has_value());
      QCOMPARE(*ids, k["prompt_ids"].get<std::vector<int32_t>>());
    }
    QVERIFY(texts.size() >= 10);
    const auto got = run_all(c, texts);
    double err = 0, err_log = 0;
    for (size_t i = 0; i < texts.size(); ++i) {
      const auto probs = exp["cases"][i]["probs"].get<std::vector<double>>();
      const auto logs = exp["cases"][i]["log_probs"].get<std::vector<double>>();
      QCOMPARE(got[i].probs.size(), probs.size());
      for (size_t l = 0; l < probs.size(); ++l) {
        err = std::max(err, std::abs(got[i].probs[l] - probs[l]));
        err_log = std::max(err_log, std::abs(got[i].log_probs[l] - logs[l]));
      }
      QVERIFY(got[i].reused_prefix);
      QCOMPARE(got[i].prompt_tokens, int64_t(exp["cases"][i]["prompt_ids"].size()));
    }
    qInfo("%s %s: max |p - p_transformers| = %.3g, max |log p - ref| = %.3g", qPrintable(the_case), qPrintable(policy),
          err, err_log);
    QVERIFY2(err <= 1e-4, qPrintable(QString::number(err)));
    QVERIFY2(err_log <= 1e-4, qPrintable(QString::number(err_log)));
  }

  void prefix_reuse_and_batch() {
    auto engine = load(kFixtures + "/v3");
    const auto texts = sixteen_texts();
    QCOMPARE(texts.size(), size_t(16));
    for (const char* policy : {"mistral13", "binary"}) {
      const Classifier reuse = make(*engine, policy, {.prefix_reuse = true, .batch_size = 16});
      const Classifier fresh = make(*engine, policy, {.prefix_reuse = false, .batch_size = 1});
      QVERIFY(reuse.prefix_tokens().size() > 100);
      QVERIFY(fresh.prefix_tokens().empty());
      const auto batched = run_all(reuse, texts);
      std::vector<ModerationResult> singles, no_reuse;
      for (const auto& t : texts) {
        auto r = reuse.classify(t);
        QVERIFY(r.has_value());
        singles.push_back(*r);
      }
      no_reuse = run_all(fresh, texts);
      for (size_t i = 0; i < texts.size(); ++i) {
        QVERIFY(batched[i].reused_prefix);
        QVERIFY(!no_reuse[i].reused_prefix);
        QVERIFY(batched[i].computed_tokens < no_reuse[i].computed_tokens);
        QCOMPARE(batched[i].top, no_reuse[i].top);
      }
      const double d_batch = max_diff(batched, singles), d_reuse = max_diff(singles, no_reuse);
      qInfo("%s: batch of 16 vs single %.3g, prefix reuse vs none %.3g", policy, d_batch, d_reuse);
      // Bit-identical: prompt tokens take the same kernels whatever the batch (test_batch_invariance).
      QCOMPARE(d_batch, 0.0);
      QCOMPARE(d_reuse, 0.0);
    }
  }

  void sliding_window_ring() {
    // The v3 weights with a window of 680: the mistral13 prompts (674+ tokens) and their answers
    // wrap the ring, so the classifier copies caches instead of truncating them.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const char* f : {"model.safetensors", "tokenizer.model"})
      QVERIFY(QFile::copy(QString::fromStdString(kFixtures + "/v3/") + f, dir.filePath(f)));
    auto cfg = nlohmann::json::parse(std::ifstream(kFixtures + "/v3/config.json"));
    cfg["sliding_window"] = 680;
    write_file(dir, "config.json", QByteArray::fromStdString(cfg.dump()));
    auto engine = load(dir.path().toStdString());
    QCOMPARE(engine->config().window, int64_t(680));
    const auto texts = sixteen_texts();
    const Classifier reuse = make(*engine, "mistral13", {.prefix_reuse = true, .batch_size = 16});
    const Classifier fresh = make(*engine, "mistral13", {.prefix_reuse = false, .batch_size = 1});
    const auto a = run_all(reuse, texts), b = run_all(fresh, texts);
    QCOMPARE(max_diff(a, b), 0.0);
    // And the window changes the answer for the long prompts (the ring was really used).
    auto plain = load(kFixtures + "/v3");
    const auto c = run_all(make(*plain, "mistral13"), texts);
    QVERIFY(max_diff(a, c) > 1e-6);
  }

  void nan_weights_are_a_per_text_error() {
    // A damaged (or hostile) model file: the final norm's weights all NaN, so every logit is
    // NaN. Each text gets an error naming the problem, not a NaN probability.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(copy_with_nan_tensor(QString::fromStdString(kFixtures + "/v3"), dir.path(), "model.norm.weight"));
    auto engine = load(dir.path().toStdString());
    for (const char* policy : {"binary", "mistral13"}) {
      const Classifier c = make(*engine, policy, {.prefix_reuse = true, .batch_size = 2});
      auto r = c.classify_batch({"What time is it?", "Another text.", "ok"});
      QVERIFY(r);
      QCOMPARE(r->size(), size_t(3));
      for (const auto& x : *r) {
        QVERIFY(!x);
        QCOMPARE(x.error().kind, ErrorKind::BadInput);
        QVERIFY2(x.error().message.find("not a number") != std::string::npos, x.error().message.c_str());
      }
    }
  }

  void kv_truncate() {
    KvCache ring(1, 1, 2, 4, 100);
    const float kv[2 * 6] = {};
    QVERIFY(ring.reserve(3));
    ring.write(0, 0, 3, kv, kv);
    ring.commit(3);
    QVERIFY(ring.truncate(1));
    QCOMPARE(ring.n_past(), int64_t(1));
    QCOMPARE(ring.slot_pos()[1], int64_t(-1));
    QVERIFY(ring.reserve(4));
    ring.write(0, 1, 4, kv, kv);
    ring.commit(4);  // positions 0..4 in a ring of 4: 4 took position 0's slot
    QVERIFY(!ring.truncate(3));
    QCOMPARE(ring.n_past(), int64_t(5));
    QVERIFY(!ring.truncate(6));
  }

  void cli_metrics() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // 48 labelled rows (both classes, several spellings of the labels) and 2 that fail.
    const char* labels[] = {"safe", "unsafe", "0", "1", "true", "false", "Not moderated", "malware", "flagged", "no"};
    QByteArray csv = "id,text,label\r\n";
    std::vector<std::string> row_labels;
    for (int i = 0; i < 48; ++i) {
      const std::string label = labels[i % 10];
      csv += QByteArray::number(i) + ",\"Text number " + QByteArray::number(i * 7919 % 1000) + ", \"\"quoted\"\" and " +
             QByteArray(i % 13, 'z') + "\"," + QByteArray::fromStdString(label) + "\r\n";
      row_labels.push_back(label);
      if (i == 20) {
        csv += "x,,safe\r\n";  // empty text
        row_labels.push_back("");
      }
      if (i == 30) {
        csv += "y,\"  \",unsafe\r\n";  // only spaces
        row_labels.push_back("");
      }
    }
    const QString in = write_file(dir, "labelled.csv", csv);
    const QString out = dir.filePath("out.jsonl");
    // First the p_unsafe of every row, then a threshold at their median so both verdicts occur.
    Run r = cli({"moderate", cli_model(), "--input", in, "--column", "text", "--policy", "binary", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    std::vector<double> p;
    for (const auto& j : read_jsonl(out))
      if (!j.contains("error")) p.push_back(j["p_unsafe"].get<double>());
    QCOMPARE(p.size(), size_t(48));
    std::sort(p.begin(), p.end());
    const double threshold = (p[23] + p[24]) / 2;
    QVERIFY(p[23] < p[24]);

    r = cli({"moderate", cli_model(), "--input", in, "--column", "text", "--label-column", "label", "--policy",
             "binary", "--threshold", QString::number(threshold, 'g', 17), "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto rows = read_jsonl(out);
    QCOMPARE(rows.size(), size_t(50));
    int64_t tp = 0, fp = 0, fn = 0, tn = 0, errors = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      const auto& j = rows[i];
      QCOMPARE(j["row"].get<size_t>(), i + 1);
      if (j.contains("error")) {
        ++errors;
        QVERIFY(row_labels[i].empty());
        continue;
      }
      const bool flagged = j["flagged"].get<bool>();
      QCOMPARE(flagged, j["p_unsafe"].get<double>() >= threshold);
      QCOMPARE(j["label"].get<std::string>(), row_labels[i]);
      const bool truth = truth_of(row_labels[i]);  // binary's safe label is "safe"
      QCOMPARE(j["truth"].get<bool>(), truth);
      if (truth) (flagged ? tp : fn) += 1;
      else (flagged ? fp : tn) += 1;
    }
    QCOMPARE(errors, int64_t(2));
    QVERIFY(tp + fn > 0 && fp + tn > 0);  // both classes
    QVERIFY(tp + fp > 0 && fn + tn > 0);  // both verdicts
    auto printed = [&](const char* key) {
      QRegularExpression re(QStringLiteral("^%1: (\\S+)$").arg(key), QRegularExpression::MultilineOption);
      auto m = re.match(r.out);
      if (!m.hasMatch()) qFatal("no '%s' in: %s", key, qPrintable(r.out));
      return m.captured(1);
    };
    QCOMPARE(printed("tp").toLongLong(), tp);
    QCOMPARE(printed("fp").toLongLong(), fp);
    QCOMPARE(printed("fn").toLongLong(), fn);
    QCOMPARE(printed("tn").toLongLong(), tn);
    const double P = double(tp) / double(tp + fp), R = double(tp) / double(tp + fn);
    QCOMPARE(printed("precision"), QString::asprintf("%.4f", P));
    QCOMPARE(printed("recall"), QString::asprintf("%.4f", R));
    QCOMPARE(printed("f1"), QString::asprintf("%.4f", 2 * P * R / (P + R)));
    QCOMPARE(printed("accuracy"), QString::asprintf("%.4f", double(tp + tn) / 48.0));
    QVERIFY(r.out.contains("positive class: flagged"));
  }

  void cli_bad_rows() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QByteArray csv = "text,label\n";
    csv += "fine text one,safe\n";                          // 1 ok
    csv += ",safe\n";                                       // 2 empty
    csv += "bad \xff\xfe bytes,unsafe\n";                   // 3 not UTF-8
    csv += "\"" + QByteArray((1 << 20) + 10, 'a') + "\",unsafe\n";  // 4 over 1 MiB
    csv += "too,many,fields\n";                             // 5 field count
    csv += "\"multi\nline, quoted\",safe\n";                // 6 ok (two lines)
    csv += "fine text two,unsafe\n";                        // 7 ok, line 9
    const QString in = write_file(dir, "bad.csv", csv);
    const QString out = dir.filePath("out.jsonl");
    Run r = cli({"moderate", cli_model(), "--input", in, "--column", "text", "--policy", "binary", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    auto rows = read_jsonl(out);
    QCOMPARE(rows.size(), size_t(7));
    auto err = [&](size_t i) { return QString::fromStdString(rows[i].value("error", std::string())); };
    QVERIFY(err(0).isEmpty() && rows[0].contains("flagged"));
    QVERIFY2(err(1).contains("empty"), qPrintable(err(1)));
    QVERIFY2(err(2).contains("UTF-8"), qPrintable(err(2)));
    QVERIFY2(err(3).contains("exceeds the limit"), qPrintable(err(3)));
    QVERIFY2(err(4).contains("fields"), qPrintable(err(4)));
    QVERIFY(err(5).isEmpty() && rows[5].contains("flagged"));
    QVERIFY(err(6).isEmpty() && rows[6].contains("flagged"));
    QCOMPARE(rows[6]["line"].get<int>(), 9);

    // JSONL: a broken line, a non-object, invalid UTF-8, a missing field, numbers as labels.
    QByteArray jl = "{\"text\": \"hello\", \"y\": 1}\n{\"text\": \"oops\"\n[1,2]\n{\"text\": \"a\xc3\"}\n"
                    "\n{\"other\": \"x\"}\n{\"text\": \"bye\", \"y\": 0}\n";
    const QString in2 = write_file(dir, "bad.jsonl", jl);
    r = cli({"moderate", cli_model(), "--input", in2, "--column", "text", "--label-column", "y", "--policy", "binary",
             "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    rows = read_jsonl(out);
    QCOMPARE(rows.size(), size_t(6));
    QVERIFY(!rows[0].contains("error") && rows[0]["truth"].get<bool>());
    for (size_t i : {1, 2, 3, 4}) QVERIFY2(rows[i].contains("error"), rows[i].dump().c_str());
    QCOMPARE(rows[4]["line"].get<int>(), 6);
    QVERIFY(!rows[5].contains("error") && !rows[5]["truth"].get<bool>());
    QVERIFY(r.out.contains("rows: 2 evaluated"));
  }

  void cli_bad_files() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString in = write_file(dir, "t.csv", "text,label\nhello,safe\n");
    const QString out = dir.filePath("out.jsonl");
    Run r = cli({"moderate", cli_model(), "--input", in, "--column", "body", "--out", out});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains(in) && r.err.contains("'body'"), qPrintable(r.err));
    r = cli({"moderate", cli_model(), "--input", in, "--column", "text", "--label-column", "truth", "--out", out});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains(in) && r.err.contains("'truth'"), qPrintable(r.err));
    const QString jl = write_file(dir, "t.jsonl", "{\"a\": \"x\"}\n");
    r = cli({"moderate", cli_model(), "--input", jl, "--column", "text", "--out", out});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains(jl) && r.err.contains("'text'"), qPrintable(r.err));
    r = cli({"moderate", cli_model(), "--input", write_file(dir, "empty.csv", ""), "--column", "text", "--out", out});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("empty.csv"), qPrintable(r.err));
    r = cli({"moderate", cli_model(), "--input", dir.filePath("t.txt"), "--column", "text", "--out", out});
    QCOMPARE(r.code, 2);
    r = cli({"moderate", cli_model(), "--input", in, "--column", "text", "--threshold", "1.5", "--out", out});
    QCOMPARE(r.code, 2);
    r = cli({"moderate", cli_model(), "--input", in, "--column", "text", "--policy", "nope", "--out", out});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("mistral13"), qPrintable(r.err));
    // A policy file without a safe label: exit 3 naming the file.
    const QString pol = write_file(dir, "nosafe.json",
                                   R"({"name": "x", "template": "Classify: {text}", "labels": ["a", "b"]})");
    r = cli({"moderate", cli_model(), "--input", in, "--column", "text", "--policy", pol, "--out", out});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains(pol) && r.err.contains("no safe label"), qPrintable(r.err));
    // A good user policy file works.
    const QString good = write_file(dir, "good.json",
                                    R"({"name": "mine", "template": "Is this rude? {text}", "labels": [{"name": "yes"}, {"name": "no"}], "safe_label": "no"})");
    r = cli({"moderate", cli_model(), "--input", in, "--column", "text", "--policy", good, "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(read_jsonl(out).at(0)["probs"].size(), size_t(2));
  }

  void bad_policies_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("no labels") << R"({"name": "p", "template": "{text}", "labels": [], "safe_label": "a"})"
                               << "no labels";
    QTest::newRow("labels absent") << R"({"name": "p", "template": "{text}", "safe_label": "a"})" << "no labels";
    QTest::newRow("one label") << R"({"name": "p", "template": "{text}", "labels": ["a"], "safe_label": "a"})"
                               << "at least two";
    QTest::newRow("no safe label") << R"({"name": "p", "template": "{text}", "labels": ["a", "b"]})"
                                   << "no safe label";
    QTest::newRow("safe not a label") << R"({"name": "p", "template": "{text}", "labels": ["a", "b"], "safe_label": "c"})"
                                      << "is not one of the labels";
    QTest::newRow("duplicate") << R"({"name": "p", "template": "{text}", "labels": ["a", "b", "a"], "safe_label": "a"})"
                               << "duplicate label 'a'";
    QTest::newRow("no placeholder") << R"({"name": "p", "template": "text", "labels": ["a", "b"], "safe_label": "a"})"
                                    << "no placeholder {text}";
    QTest::newRow("two placeholders")
        << R"({"name": "p", "template": "{text} {text}", "labels": ["a", "b"], "safe_label": "a"})" << "2 times";
    QTest::newRow("space") << R"({"name": "p", "template": "{text}", "labels": [" a", "b"], "safe_label": "b"})"
                           << "whitespace";
    QTest::newRow("threshold") << R"({"name": "p", "template": "{text}", "labels": ["a", "b"], "safe_label": "a", "threshold": 2})"
                               << "threshold";
    QTest::newRow("duplicate key") << R"({"name": "p", "name": "q"})" << "duplicate";
    QTest::newRow("not utf8") << QString::fromLatin1("{\"name\": \"\xff\"}") << "UTF-8";
  }
  void bad_policies() {
    QFETCH(QString, json);
    QFETCH(QString, message);
    std::string bytes = json.toStdString();
    if (message == "UTF-8") bytes = std::string("{\"name\": \"\xff\"}");
    auto p = parse_policy(bytes, "policies/mine.json");
    QVERIFY(!p);
    QCOMPARE(p.error().kind, ErrorKind::BadInput);
    QVERIFY2(p.error().message.starts_with("policies/mine.json"), p.error().message.c_str());
    QVERIFY2(QString::fromStdString(p.error().message).contains(message, Qt::CaseInsensitive), p.error().message.c_str());
  }

  void truth_rule() {
    auto m = builtin_policy("mistral13");
    QVERIFY(m.has_value());
    for (const char* pos : {"1", "true", " YES ", "unsafe", "Flagged", "malware", "not safe", "anything"})
      QCOMPARE(label_is_positive(pos, *m), std::optional<bool>(true));
    for (const char* neg : {"0", "false", "No", "SAFE", "not flagged", "not moderated", " Not Moderated\r"})
      QCOMPARE(label_is_positive(neg, *m), std::optional<bool>(false));
    QCOMPARE(label_is_positive("  ", *m), std::optional<bool>());
    Confusion c;
    c.add(true, true), c.add(true, false), c.add(false, true), c.add(false, false), c.add(false, false);
    QCOMPARE(c.tp, int64_t(1));
    QCOMPARE(c.tn, int64_t(2));
    QCOMPARE(*c.precision(), 0.5);
    QCOMPARE(*c.accuracy(), 0.6);
    QVERIFY(!Confusion{}.precision());
  }

  void label_prefix_refused() {
    auto engine = load(kFixtures + "/v3");
    auto p = parse_policy(R"({"name": "p", "template": "{text}", "labels": ["not", "not moderated"], "safe_label": "not"})",
                          "p.json");
    QVERIFY(p.has_value());
    auto c = Classifier::create(*engine, *p);
    QVERIFY(!c);
    QVERIFY2(c.error().message.find("begin those of label 'not moderated'") != std::string::npos,
             c.error().message.c_str());
  }
};

QTEST_GUILESS_MAIN(TestModeration)
#include "test_moderation.moc"
