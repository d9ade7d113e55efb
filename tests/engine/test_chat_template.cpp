// Mistral chat templates against mistral-common (tools/make_tokenizer_fixtures.py): every
// conversation of tests/fixtures/tokenizer/chats.json gives the ids of
// MistralTokenizer.from_file(tokenizer.model.vN).encode_chat_completion(), or an error where
// mistral-common raises one; and the OpenAI-style JSON message reader.
#include <QtTest>

#include "tests/engine/fixture_util.h"

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/format/gguf.h"
#include "engine/tokenizer/chat_template.h"
#include "engine/tokenizer/gguf_vocab.h"
#include "engine/tokenizer/tokenizer.h"

using namespace tramontane;
using nlohmann::json;

namespace {

const std::string kFixtures = TRAMONTANE_FIXTURES;

const json& chats() {
  static const json j = json::parse(slurp(kFixtures + "/tokenizer/chats.json"));
  return j;
}

std::unique_ptr<Tokenizer> load(const std::string& version) {
  auto t = Tokenizer::from_file(kFixtures + "/tokenizers/tokenizer.model." + version);
  if (!t) qFatal("%s", t.error().message.c_str());
  return std::move(*t);
}

std::unique_ptr<Tokenizer> load_gguf(const std::string& version) {
  auto f = read_gguf(kFixtures + "/tokenizer/vocab_" + version + ".gguf");
  if (!f) qFatal("%s", f.error().message.c_str());
  auto t = tokenizer_from_gguf(*f);
  if (!t) qFatal("%s", t.error().message.c_str());
  return std::move(*t);
}

std::vector<ChatMessage> messages_of(const json& conv) {
  std::vector<ChatMessage> out;
  for (const json& m : conv["messages"]) {
    const std::string role = m["role"].get<std::string>();
    ChatMessage msg;
    msg.role = role == "system" ? ChatMessage::Role::System
             : role == "user"   ? ChatMessage::Role::User
                                : ChatMessage::Role::Assistant;
    msg.content = m["content"].get<std::string>();
    out.push_back(std::move(msg));
  }
  return out;
}

QString show_ids(const std::vector<int32_t>& ids) {
  QStringList parts;
  for (int32_t id : ids) parts << QString::number(id);
  return "[" + parts.join(",") + "]";
}

// Every conversation of the fixture, with `tok` and template `t`, against mistral-common's `version`.
void check_all(const Tokenizer& tok, ChatTemplate t, const std::string& version) {
  int n_ok = 0, n_err = 0;
  for (const json& conv : chats()) {
    const QString name = QString::fromStdString(conv["name"].get<std::string>());
    auto ids = apply_chat_template(tok, t, messages_of(conv));
    if (conv[version].is_null()) {
      if (ids.has_value())
        QFAIL(qPrintable(QString("%1 (%2): mistral-common refuses it (%3), we gave %4")
                             .arg(name, QString::fromStdString(version),
                                  QString::fromStdString(conv[version + "_error"].get<std::string>()),
                                  show_ids(*ids))));
      QCOMPARE(ids.error().kind, ErrorKind::BadInput);
      QVERIFY(ids.error().message.rfind("chat: ", 0) == 0);
      ++n_err;
      continue;
    }
    if (!ids.has_value())
      QFAIL(qPrintable(name + ": " + QString::fromStdString(ids.error().message)));
    const std::vector<int32_t> want = conv[version].get<std::vector<int32_t>>();
    if (*ids != want)
      QFAIL(qPrintable(QString("%1 (%2):\n got      %3\n expected %4")
                           .arg(name, QString::fromStdString(version), show_ids(*ids), show_ids(want))));
    ++n_ok;
  }
  QVERIFY(n_ok >= 24);
  QVERIFY(n_err >= 5);
}

// The conversation as OpenAI-style JSON text.
std::string to_json(const json& conv) { return conv["messages"].dump(); }

bool cli_shaped(const json& conv) {   // at most one system message, and only first
  const json& m = conv["messages"];
  for (size_t i = 0; i < m.size(); ++i)
    if (m[i]["role"] == "system" && i != 0) return false;
  return !m.empty();
}

void expect_parse_error(const std::string& text, const std::string& part) {
  auto m = parse_chat_messages(text, "messages.json");
  if (m.has_value()) QFAIL(qPrintable(QString::fromStdString("accepted: " + text)));
  QCOMPARE(m.error().kind, ErrorKind::BadInput);
  if (m.error().message.rfind("messages.json: ", 0) != 0 || m.error().message.find(part) == std::string::npos)
    QFAIL(qPrintable(QString::fromStdString("message '" + m.error().message + "' lacks '" + part + "'")));
}

}  // namespace

class TestChatTemplate : public QObject {
  Q_OBJECT
 private slots:
  void v1_matches_mistral_common() { check_all(*load("v1"), ChatTemplate::V1, "v1"); }
  void v3_matches_mistral_common() { check_all(*load("v3"), ChatTemplate::V3, "v3"); }
  void gguf_v1_matches_mistral_common() { check_all(*load_gguf("v1"), ChatTemplate::V1, "v1"); }
  void gguf_v3_matches_mistral_common() { check_all(*load_gguf("v3"), ChatTemplate::V3, "v3"); }

  void detect() {
    QCOMPARE(detect_template(*load("v1")), ChatTemplate::V1);
    QCOMPARE(detect_template(*load("v3")), ChatTemplate::V3);
    QCOMPARE(detect_template(*load_gguf("v1")), ChatTemplate::V1);
    QCOMPARE(detect_template(*load_gguf("v3")), ChatTemplate::V3);
    QCOMPARE(chat_template_from_name("v1"), std::optional<ChatTemplate>(ChatTemplate::V1));
    QCOMPARE(chat_template_from_name("v3"), std::optional<ChatTemplate>(ChatTemplate::V3));
    QCOMPARE(chat_template_from_name("zephyr"), std::optional<ChatTemplate>());
    QCOMPARE(std::string(chat_template_name(ChatTemplate::V3)), std::string("v3"));
  }

  void v3_needs_control_tokens() {
    auto tok = load("v1");
    auto ids = apply_chat_template(*tok, ChatTemplate::V3, {{ChatMessage::Role::User, "hi"}});
    QVERIFY(!ids.has_value());
    QCOMPARE(ids.error().kind, ErrorKind::BadInput);
    QVERIFY(ids.error().message.find("[INST] and [/INST] control tokens") != std::string::npos);
  }

  // The JSON reader gives the same conversations (those the CLI contract allows).
  void json_messages_match() {
    auto v1 = load("v1");
    auto v3 = load("v3");
    int n = 0;
    for (const json& conv : chats()) {
      auto m = parse_chat_messages(to_json(conv), "messages.json");
      if (!cli_shaped(conv)) {
        QVERIFY(!m.has_value());
        continue;
      }
      if (!m.has_value()) QFAIL(m.error().message.c_str());
      const std::vector<ChatMessage> want = messages_of(conv);
      QCOMPARE(m->size(), want.size());
      for (size_t i = 0; i < want.size(); ++i) {
        QCOMPARE(int((*m)[i].role), int(want[i].role));
        QCOMPARE((*m)[i].content, want[i].content);
      }
      for (const auto& [tok, t, version] : {std::tuple{v1.get(), ChatTemplate::V1, "v1"},
                                            std::tuple{v3.get(), ChatTemplate::V3, "v3"}}) {
        auto ids = apply_chat_template(*tok, t, *m);
        if (conv[version].is_null()) {
          QVERIFY(!ids.has_value());
        } else {
          QVERIFY(ids.has_value());
          QCOMPARE(*ids, conv[version].get<std::vector<int32_t>>());
        }
      }
      ++n;
    }
    QVERIFY(n >= 20);
  }

  void json_messages_errors() {
    expect_parse_error("", "invalid JSON");
    expect_parse_error("{\"role\": \"user\", \"content\": \"x\"}", "expected a JSON array");
    expect_parse_error("[]", "no messages");
    expect_parse_error("[1]", "message 0 is not an object");
    expect_parse_error("[{\"content\": \"x\"}]", "message 0: missing field 'role'");
    expect_parse_error("[{\"role\": \"tool\", \"content\": \"x\"}]", "role 'tool' is not system, user or assistant");
    expect_parse_error("[{\"role\": 3, \"content\": \"x\"}]", "field 'role' must be");
    expect_parse_error("[{\"role\": \"user\"}]", "missing field 'content'");
    expect_parse_error("[{\"role\": \"user\", \"content\": [\"x\"]}]", "field 'content' must be");
    expect_parse_error("[{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"system\", \"content\": \"s\"}]",
                       "message 1: a system message may only be the first message");
    expect_parse_error("[{\"role\": \"system\", \"content\": \"a\"}, {\"role\": \"system\", \"content\": \"s\"}]",
                       "message 1: a system message may only be the first message");
    expect_parse_error("[{\"role\": \"user\", \"role\": \"user\", \"content\": \"a\"}]", "role");
    expect_parse_error(std::string(10000, '[') + std::string(10000, ']'), "deep");
    expect_parse_error("[{\"role\": \"user\", \"content\": \"\xff\"}]", "UTF-8");
    // extra keys are ignored
    auto m = parse_chat_messages("[{\"role\": \"user\", \"content\": \"hi\", \"name\": \"bob\"}]", "messages.json");
    QVERIFY(m.has_value());
    QCOMPARE(m->size(), size_t(1));
    QCOMPARE(m->front().content, std::string("hi"));
  }
};

QTEST_APPLESS_MAIN(TestChatTemplate)
#include "test_chat_template.moc"
