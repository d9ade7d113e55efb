// config.json -> ModelConfig against what transformers' AutoConfig makes of published configs
// (tools/make_format_fixtures.py), the bad_config_* corpus (tools/make_bad_fixtures.py), and the
// hardened JSON parse underneath (engine/format/json_util.h).
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include "tests/engine/fixture_util.h"

#include "engine/format/hf_config.h"
#include "engine/format/json_util.h"
#include "engine/format/safetensors.h"

using namespace tramontane;

namespace {

QString fixture(const QString& rel) { return QStringLiteral(TRAMONTANE_FIXTURES "/") + rel; }

QJsonObject json_file(const QString& rel) {
  QFile f(fixture(rel));
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(f.readAll()).object();
}

// A small valid Mistral config with `extra` spliced in (later keys must not repeat earlier ones).
std::string mistral_config(const std::string& extra = "") {
  std::string s = R"({"architectures": ["MistralForCausalLM"], "hidden_size": 64, "intermediate_size": 160,
    "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 100, "rms_norm_eps": 1e-05,
    "max_position_embeddings": 256)";
  if (!extra.empty()) s += ", " + extra;
  return s + "}";
}

QString error_of(const Expected<ModelConfig>& c) {
  return c ? QString() : QString::fromStdString(c.error().message);
}

}  // namespace

class TestHfConfig : public QObject {
  Q_OBJECT

 private slots:
  void matchesTransformers_data() {
    QTest::addColumn<QString>("rel");
    const QJsonObject all = json_file(QStringLiteral("format/configs/expected.json"));
    QVERIFY(all.size() >= 8);
    for (auto it = all.begin(); it != all.end(); ++it) QTest::newRow(qPrintable(it.key())) << it.key();
  }
  void matchesTransformers() {
    QFETCH(QString, rel);
    const QJsonObject w = json_file(QStringLiteral("format/configs/expected.json")).value(rel).toObject();
    auto c = read_hf_config(fixture(QStringLiteral("format/") + rel).toStdString());
    QVERIFY2(c, qPrintable(error_of(c)));
    compare_config(*c, w);
    if (QTest::currentTestFailed()) return;
    QVERIFY(!c->rope_interleaved);
  }

  // The cases the published configs above pin down, spelled out.
  void publishedValues() {
    auto v1 = read_hf_config(fixture(QStringLiteral("format/configs/mistral_7b_v0.1.json")).toStdString());
    QVERIFY2(v1, qPrintable(error_of(v1)));
    QCOMPARE(v1->window, int64_t(4096));
    QCOMPARE(v1->n_head_kv, int64_t(8));
    auto v3 = read_hf_config(fixture(QStringLiteral("format/configs/mistral_7b_v0.3.json")).toStdString());
    QVERIFY2(v3, qPrintable(error_of(v3)));
    QCOMPARE(v3->window, int64_t(0));
    QCOMPARE(v3->n_vocab, int64_t(32768));
    QCOMPARE(v3->rope_theta, 1e6f);
    auto nemo = read_hf_config(fixture(QStringLiteral("format/configs/mistral_nemo_12b.json")).toStdString());
    QVERIFY2(nemo, qPrintable(error_of(nemo)));
    QCOMPARE(nemo->head_dim, int64_t(128));
    QVERIFY(nemo->head_dim * nemo->n_head != nemo->n_embd);
    auto llama = read_hf_config(fixture(QStringLiteral("format/configs/llama_2_7b.json")).toStdString());
    QVERIFY2(llama, qPrintable(error_of(llama)));
    QCOMPARE(llama->arch, Arch::Llama);
    QCOMPARE(llama->n_head_kv, int64_t(32));
    QCOMPARE(llama->rope_theta, 10000.0f);
  }

  void optionalFields_data() {
    QTest::addColumn<QString>("extra");
    QTest::addColumn<QString>("field");
    QTest::addColumn<qint64>("value");
    QTest::newRow("window absent: MistralConfig's 4096") << QString() << "window" << qint64(4096);
    QTest::newRow("window null") << R"("sliding_window": null)" << "window" << qint64(0);
    QTest::newRow("window 0") << R"("sliding_window": 0)" << "window" << qint64(0);
    QTest::newRow("window 7") << R"("sliding_window": 7)" << "window" << qint64(7);
    QTest::newRow("head_dim null") << R"("head_dim": null)" << "head_dim" << qint64(16);
    QTest::newRow("head_dim 32") << R"("head_dim": 32)" << "head_dim" << qint64(32);
    QTest::newRow("kv heads null") << R"("num_key_value_heads": null)" << "n_head_kv" << qint64(4);
    QTest::newRow("kv heads 1") << R"("num_key_value_heads": 1)" << "n_head_kv" << qint64(1);
    QTest::newRow("eos list") << R"("eos_token_id": [7, 2])" << "eos" << qint64(7);
    QTest::newRow("eos null") << R"("eos_token_id": null)" << "eos" << qint64(2);
    QTest::newRow("bos 0") << R"("bos_token_id": 0)" << "bos" << qint64(0);
    QTest::newRow("rope default") << R"("rope_scaling": {"rope_type": "default"})" << "window" << qint64(4096);
    QTest::newRow("tie") << R"("tie_word_embeddings": true)" << "tie" << qint64(1);
    QTest::newRow("rope_theta integer") << R"("rope_theta": 500000)" << "theta" << qint64(500000);
    QTest::newRow("biases false") << R"("attention_bias": false, "mlp_bias": false)" << "window" << qint64(4096);
  }
  void optionalFields() {
    QFETCH(QString, extra);
    QFETCH(QString, field);
    QFETCH(qint64, value);
    auto c = parse_hf_config(mistral_config(extra.toStdString()), "config.json");
    QVERIFY2(c, qPrintable(error_of(c)));
    const qint64 got = field == QLatin1String("window")      ? c->window
                       : field == QLatin1String("head_dim")  ? c->head_dim
                       : field == QLatin1String("n_head_kv") ? c->n_head_kv
                       : field == QLatin1String("eos")       ? c->eos_id
                       : field == QLatin1String("bos")       ? c->bos_id
                       : field == QLatin1String("tie")       ? qint64(c->tie_embeddings)
                                                             : qint64(c->rope_theta);
    QCOMPARE(got, value);
  }

  // Llama has no sliding window: the field is ignored whatever it holds.
  void llamaIgnoresSlidingWindow() {
    std::string s = mistral_config(R"("sliding_window": "anything")");
    s.replace(s.find("MistralForCausalLM"), 18, "LlamaForCausalLM");
    auto c = parse_hf_config(s, "config.json");
    QVERIFY2(c, qPrintable(error_of(c)));
    QCOMPARE(c->arch, Arch::Llama);
    QCOMPARE(c->window, int64_t(0));
  }

  void outOfRangeFloats() {
    auto c = parse_hf_config(mistral_config(R"("rope_theta": 1e300)"), "cfg.json");
    QVERIFY(!c);
    QVERIFY2(error_of(c).contains(QStringLiteral("cfg.json: rope_theta")), qPrintable(error_of(c)));
    auto d = parse_hf_config(mistral_config(R"("bos_token_id": 4294967297)"), "cfg.json");
    QVERIFY(!d);
    QVERIFY2(error_of(d).contains(QStringLiteral("bos_token_id 4294967297 out of range")), qPrintable(error_of(d)));
  }

  void badConfigDirectories_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("reason");
    const QJsonObject all = json_file(QStringLiteral("format/bad_expected.json"));
    const QStringList dirs =
        QDir(fixture(QStringLiteral("bad"))).entryList({QStringLiteral("bad_config_*")}, QDir::Dirs, QDir::Name);
    QVERIFY(dirs.size() >= 20);
    for (const QString& d : dirs) {
      const QJsonObject e = all.value(d).toObject();
      QCOMPARE(e.value(QStringLiteral("reader")).toString(), QStringLiteral("config"));
      QTest::newRow(qPrintable(d)) << d << e.value(QStringLiteral("file")).toString()
                                   << e.value(QStringLiteral("reason")).toString();
    }
  }
  void badConfigDirectories() {
    QFETCH(QString, name);
    QFETCH(QString, file);
    QFETCH(QString, reason);
    QVERIFY(!reason.isEmpty());
    const std::string dir = fixture(QStringLiteral("bad/") + name).toStdString();
    auto ck = read_safetensors_checkpoint(dir);  // the weights are fine: the config fails
    QVERIFY2(ck, ck ? "" : ck.error().message.c_str());
    auto c = read_hf_config(dir + "/" + file.toStdString());
    QVERIFY2(!c, "read without error");
    const QString msg = error_of(c);
    QVERIFY2(c.error().kind == ErrorKind::BadInput, qPrintable(msg));
    QVERIFY2(msg.contains(name + QLatin1Char('/') + file), qPrintable(QStringLiteral("does not name the file: ") + msg));
    QVERIFY2(msg.contains(reason), qPrintable(QStringLiteral("expected '%1' in: %2").arg(reason, msg)));
    QVERIFY2(!msg.contains(QLatin1Char('\n')), qPrintable(msg));
  }

  // --- parse_json

  void jsonDepthLimit() {
    const std::string ok = std::string(64, '[') + std::string(64, ']');
    auto a = parse_json(ok, "x.json");
    QVERIFY2(a, a ? "" : a.error().message.c_str());
    const std::string deep = std::string(65, '[') + std::string(65, ']');
    auto b = parse_json(deep, "x.json");
    QVERIFY(!b);
    QCOMPARE(b.error().kind, ErrorKind::BadInput);
    QCOMPARE(b.error().message, std::string("x.json: invalid JSON: nested deeper than 64 levels at byte 64"));
    auto c = parse_json(R"({"a": {"b": [1]}})", "x.json", 2);
    QVERIFY(!c);
    QVERIFY(parse_json(R"({"a": {"b": 1}})", "x.json", 2));
  }

  // Brackets inside strings do not count, and an escaped quote does not end the string.
  void jsonDepthIgnoresStrings() {
    const std::string s = "[\"" + std::string(100, '[') + "\\\"" + std::string(100, '{') + "\\\\\", 1]";
    auto a = parse_json(s, "x.json", 1);
    QVERIFY2(a, a ? "" : a.error().message.c_str());
    QCOMPARE(a->size(), size_t(2));
    QCOMPARE(a->at(0).get<std::string>().size(), size_t(100 + 1 + 100 + 1));
    // After an escaped backslash the quote does close the string: the brackets after it count.
    auto b = parse_json(R"(["\\", [[1]]])", "x.json", 2);
    QVERIFY(!b);
  }

  void jsonErrorsAreOneLineWithAnOffset() {
    auto a = parse_json("{\"a\": 1,\n \"b\": }", "x.json");
    QVERIFY(!a);
    const QString msg = QString::fromStdString(a.error().message);
    QVERIFY2(msg.startsWith(QStringLiteral("x.json: invalid JSON: ")) && msg.endsWith(QStringLiteral(" at byte 16")) &&
                 !msg.contains(QLatin1Char('\n')) && !msg.contains(QStringLiteral("json.exception")),
             qPrintable(msg));
    auto b = parse_json("[\"ok\", \"\xc3\x28\"]", "x.json");
    QVERIFY(!b);
    QCOMPARE(b.error().message, std::string("x.json: invalid JSON: not valid UTF-8 at byte 8"));
    // A NUL byte would end nlohmann's input early, hiding what follows it.
    auto c = parse_json(std::string_view("{}\0garbage", 11), "x.json");
    QVERIFY(!c);
    QCOMPARE(c.error().message, std::string("x.json: invalid JSON: NUL byte at byte 2"));
    for (const char* overlong : {"\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\""})
      QVERIFY(!parse_json(overlong, "x.json"));
    QVERIFY(parse_json("\"\xe2\x82\xac \xf0\x9f\x98\x80\"", "x.json"));
  }

  void jsonDuplicateKeys() {
    auto a = parse_json(R"({"a": {"k": 1, "k": 2}})", "x.json");
    QVERIFY(!a);
    QCOMPARE(a.error().message, std::string("x.json: invalid JSON: duplicate key 'k'"));
    auto b = parse_json(R"({"k": {"k": 1}, "j": [{"k": 2}, {"k": 3}]})", "x.json");
    QVERIFY2(b, b ? "" : b.error().message.c_str());
  }

  void jsonTypedGetters() {
    auto j = parse_json(R"({"i": 5, "big": 18446744073709551615, "f": 5.0, "s": "x", "b": true, "n": null})", "x.json");
    QVERIFY(j);
    QCOMPARE(json_int(*j, "i", "x.json").value(), int64_t(5));
    QVERIFY(!json_int(*j, "n", "x.json"));
    QVERIFY(!json_int(*j, "absent", "x.json"));
    QCOMPARE(json_number(*j, "i", "x.json").value(), 5.0);
    QCOMPARE(json_bool(*j, "b", "x.json").value(), true);
    QCOMPARE(json_require_string(*j, "s", "x.json"), std::string("x"));
    auto message = [&](auto f) -> std::string {
      try {
        f();
      } catch (const ErrorException& e) {
        return e.error().kind == ErrorKind::BadInput ? e.error().message : "wrong kind";
      }
      return "no error";
    };
    QCOMPARE(message([&] { (void)json_int(*j, "f", "x.json"); }), std::string("x.json: field 'f' must be an integer"));
    QCOMPARE(message([&] { (void)json_int(*j, "big", "x.json"); }),
             std::string("x.json: field 'big' must be an integer that fits in 64 bits"));
    QCOMPARE(message([&] { (void)json_number(*j, "s", "x.json"); }), std::string("x.json: field 's' must be a number"));
    QCOMPARE(message([&] { (void)json_bool(*j, "i", "x.json"); }), std::string("x.json: field 'i' must be a boolean"));
    QCOMPARE(message([&] { (void)json_string(*j, "b", "x.json"); }), std::string("x.json: field 'b' must be a string"));
    QCOMPARE(message([&] { (void)json_require_int(*j, "n", "x.json"); }), std::string("x.json: missing field 'n'"));
    QCOMPARE(escape_for_message("a\nb\\\xff"), std::string("a\\x0ab\\x5c\\xff"));
  }
};

QTEST_APPLESS_MAIN(TestHfConfig)
#include "test_hf_config.moc"
