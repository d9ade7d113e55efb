// The remote backend (gui/core/remote_*): the SSE parser, the OpenAI request and answer handling,
// and RemoteBackend / RemoteModerator / EngineController against a scripted HTTP server
// (fake_http_server.h): streaming, stop, the server going away mid-answer, a server that goes
// silent, malformed events, HTTP errors, bounded concurrency and retries. test_remote_replay.cpp
// replays a real llama.cpp server's answers.
#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include "engine/moderation/policy.h"
#include "gui/core/engine_controller.h"
#include "gui/core/moderation_worker.h"
#include "gui/core/remote_api.h"
#include "gui/core/remote_backend.h"
#include "gui/core/remote_moderation.h"
#include "gui/core/remote_sse.h"
#include "tests/gui/fake_http_server.h"

using namespace tramontane::gui;
using tramontane::test::FakeHttpServer;
using tramontane::test::HttpRequest;
using tramontane::test::HttpResponse;

namespace {

QByteArray chunk(const QString& text, const QString& finish = QString()) {
  QJsonObject delta;
  if (!text.isEmpty()) delta.insert(QStringLiteral("content"), text);
  QJsonObject choice{{QStringLiteral("index"), 0}, {QStringLiteral("delta"), delta}};
  choice.insert(QStringLiteral("finish_reason"), finish.isEmpty() ? QJsonValue() : QJsonValue(finish));
  const QJsonObject o{{QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
                      {QStringLiteral("choices"), QJsonArray{choice}}};
  return "data: " + QJsonDocument(o).toJson(QJsonDocument::Compact) + "\n\n";
}

HttpResponse models_response(const QByteArray& owner = "llamacpp") {
  return HttpResponse::json(200, R"({"object":"list","data":[{"id":"tiny","object":"model","owned_by":")" + owner +
                                     R"("},{"id":"tiny-lora","object":"model","owned_by":")" + owner +
                                     R"(","parent":"tiny"}]})");
}

// A server: /v1/models, /lora-adapters (two adapters), and chat answered by `chat`.
FakeHttpServer::Handler server_with(std::function<HttpResponse(const HttpRequest&)> chat) {
  return [chat](const HttpRequest& r) {
    if (r.path == "/v1/models") return models_response();
    if (r.path == "/lora-adapters")
      return HttpResponse::json(200, R"([{"id":0,"path":"/srv/loras/tone.gguf","scale":0.0},{"id":1,"path":"/srv/loras/legal.gguf","scale":0.0}])");
    return chat(r);
  };
}

RemoteConfig config_for(const FakeHttpServer& s) {
  RemoteConfig c;
  c.base_url = QUrl(s.url() + QStringLiteral("/v1"));
  c.api_key = QStringLiteral("sk-test-123");
  c.idle_timeout_ms = 5000;
  c.backoff_ms = 10;
  return c;
}

bool connect_backend(RemoteBackend& b, const RemoteConfig& c) {
  QSignalSpy ok(&b, &RemoteBackend::connected);
  QSignalSpy bad(&b, &RemoteBackend::connectFailed);
  b.connectTo(c);
  return QTest::qWaitFor([&] { return ok.count() + bad.count() > 0; }, 10000) && ok.count() == 1;
}

ChatRequest hello_request() {
  ChatRequest r;
  r.system_prompt = QStringLiteral("Be brief.");
  r.turns = {ChatTurn{Role::User, QStringLiteral("Hello")}};
  r.sampling.temperature = 0;
  r.sampling.max_tokens = 16;
  return r;
}

// A /v1/completions stream chunk: choices[0].text.
QByteArray text_chunk(const QString& text, const QString& finish = QString()) {
  QJsonObject choice{{QStringLiteral("index"), 0}, {QStringLiteral("text"), text}};
  choice.insert(QStringLiteral("finish_reason"), finish.isEmpty() ? QJsonValue() : QJsonValue(finish));
  const QJsonObject o{{QStringLiteral("object"), QStringLiteral("text_completion")},
                      {QStringLiteral("choices"), QJsonArray{choice}}};
  return "data: " + QJsonDocument(o).toJson(QJsonDocument::Compact) + "\n\n";
}

// A system prompt and a multi-turn conversation (tests/fixtures/remote/prompts.json has the same,
// with the prompts checked against mistral-common and transformers).
ChatRequest multi_turn_request() {
  ChatRequest r;
  r.system_prompt = QStringLiteral("You are terse.");
  r.turns = {ChatTurn{Role::User, QStringLiteral("Hi there")}, ChatTurn{Role::Assistant, QStringLiteral("Hello! ")},
             ChatTurn{Role::User, QStringLiteral("Tell me about the sea.")}};
  r.sampling.temperature = 0;
  r.sampling.max_tokens = 16;
  return r;
}

QString joined(const QSignalSpy& spy) {
  QString s;
  for (const auto& args : spy) s += args.at(0).toString();
  return s;
}

}  // namespace

class TestRemoteBackend : public QObject {
  Q_OBJECT
 private slots:
  // --- SSE ------------------------------------------------------------------------------------
  void sseEventsInAnySplit() {
    const QByteArray stream =
        "\xEF\xBB\xBF: keep-alive\r\ndata: one\r\n\r\nevent: note\ndata: two\ndata:three\n\nid: 7\r"
        "data: {\"x\": 1}\r\rdata: [DONE]\n\n";
    const QList<QByteArray> want_data = {"one", "two\nthree", "{\"x\": 1}", "[DONE]"};
    const QList<QByteArray> want_type = {"message", "note", "message", "message"};
    for (int split = 0; split <= stream.size(); ++split) {
      SseParser p;
      QList<SseEvent> events = p.feed(stream.left(split));
      events += p.feed(stream.mid(split));
      QCOMPARE(events.size(), want_data.size());
      for (int i = 0; i < events.size(); ++i) {
        QCOMPARE(events[i].data, want_data[i]);
        QCOMPARE(events[i].type, want_type[i]);
      }
      QVERIFY(!p.midEvent());
    }
    // Byte by byte.
    SseParser p;
    QList<SseEvent> events;
    for (char c : stream) events += p.feed(QByteArray(1, c));
    QCOMPARE(events.size(), want_data.size());
  }

  void sseUnfinishedAndOverlong() {
    SseParser p;
    QVERIFY(p.feed("data: partial").isEmpty());
    QVERIFY(p.midEvent());
    SseParser big;
    QByteArray line = "data: ";
    line += QByteArray(SseParser::kMaxLine + 10, 'a');
    QVERIFY(big.feed(line).isEmpty());
    QVERIFY(big.failed());
    QVERIFY(big.error().contains(QStringLiteral("MiB")));
    QVERIFY(big.feed("\n\n").isEmpty());  // stays failed
  }

  // --- Requests and answers -------------------------------------------------------------------
  void serverRootNormalised() {
    QCOMPARE(server_root(QUrl(QStringLiteral("http://h:8000/v1")))->toString(), QStringLiteral("http://h:8000"));
    QCOMPARE(server_root(QUrl(QStringLiteral("https://h/api/v1/")))->toString(), QStringLiteral("https://h/api"));
    QCOMPARE(server_root(QUrl(QStringLiteral("http://user:pw@h:1/?q=1")))->toString(), QStringLiteral("http://h:1"));
    QVERIFY(!server_root(QUrl(QStringLiteral("ftp://h/"))));
    QVERIFY(!server_root(QUrl(QStringLiteral("localhost:8080"))));
    QCOMPARE(endpoint(*server_root(QUrl(QStringLiteral("https://h/api"))), QStringLiteral("/v1/models")).toString(),
             QStringLiteral("https://h/api/v1/models"));
  }

  void chatBodyPerServer() {
    ChatRequest r = hello_request();
    r.turns.append(ChatTurn{Role::Assistant, QStringLiteral("Hi.")});
    r.turns.append(ChatTurn{Role::User, QStringLiteral("More")});
    r.sampling.top_k = 40;
    r.sampling.top_p = 0.9;
    r.sampling.min_p = 0.05;
    r.sampling.repeat_penalty = 1.1;
    r.sampling.seed = 42;
    QString err;
    auto g = chat_body(ServerKind::Generic, QStringLiteral("m"), r, true, &err);
    QVERIFY(g);
    QCOMPARE(g->value("model").toString(), QStringLiteral("m"));
    const QJsonArray msgs = g->value("messages").toArray();
    QCOMPARE(msgs.size(), 4);
    QCOMPARE(msgs[0].toObject().value("role").toString(), QStringLiteral("system"));
    QCOMPARE(msgs[2].toObject().value("role").toString(), QStringLiteral("assistant"));
    QCOMPARE(msgs[3].toObject().value("content").toString(), QStringLiteral("More"));
    QVERIFY(g->value("stream").toBool());
    QCOMPARE(g->value("seed").toInt(), 42);
    QCOMPARE(g->value("top_p").toDouble(), 0.9);
    QVERIFY(!g->contains("top_k"));  // not an OpenAI field
    QVERIFY(!g->contains("stream_options"));
    auto l = chat_body(ServerKind::LlamaCpp, QStringLiteral("m"), r, true, &err);
    QCOMPARE(l->value("stream_options").toObject().value("include_usage").toBool(), true);
    QVERIFY(!chat_body(ServerKind::LlamaCpp, QStringLiteral("m"), r, false, &err)->contains("stream_options"));
    QCOMPARE(l->value("top_k").toInt(), 40);
    QCOMPARE(l->value("repeat_penalty").toDouble(), 1.1);
    auto v = chat_body(ServerKind::Vllm, QStringLiteral("m"), r, true, &err);
    QCOMPARE(v->value("repetition_penalty").toDouble(), 1.1);
    QCOMPARE(v->value("min_p").toDouble(), 0.05);
  }

  void adaptersPerServer() {
    RemoteAdapter tone;
    tone.id = 3;
    tone.name = QStringLiteral("tone.gguf");
    ChatRequest r = hello_request();
    r.adapters = {AdapterSpec{remote_adapter_path(ServerKind::LlamaCpp, tone), 0.5, true},
                  AdapterSpec{QStringLiteral("remote-lora:4:off.gguf"), 1.0, false}};
    QString err;
    auto l = chat_body(ServerKind::LlamaCpp, QStringLiteral("m"), r, true, &err);
    QVERIFY2(l, qPrintable(err));
    const QJsonArray lora = l->value("lora").toArray();
    QCOMPARE(lora.size(), 1);  // disabled entries are not sent
    QCOMPARE(lora[0].toObject().value("id").toInt(), 3);
    QCOMPARE(lora[0].toObject().value("scale").toDouble(), 0.5);
    // With the server's list, every adapter it has is sent (llama.cpp keeps a slot's previous
    // adapters for those a request leaves out): the active ones at their scale, the others at 0.
    RemoteAdapter off;
    off.id = 4;
    off.name = QStringLiteral("off.gguf");
    const QList<RemoteAdapter> server = {tone, off};
    l = chat_body(ServerKind::LlamaCpp, QStringLiteral("m"), r, true, &err, server);
    QVERIFY2(l, qPrintable(err));
    QCOMPARE(l->value("lora").toArray(),
             (QJsonArray{QJsonObject{{"id", 3}, {"scale", 0.5}}, QJsonObject{{"id", 4}, {"scale", 0.0}}}));
    ChatRequest base = hello_request();   // no adapter: all at 0, not an absent list
    l = chat_body(ServerKind::LlamaCpp, QStringLiteral("m"), base, true, &err, server);
    QCOMPARE(l->value("lora").toArray(),
             (QJsonArray{QJsonObject{{"id", 3}, {"scale", 0.0}}, QJsonObject{{"id", 4}, {"scale", 0.0}}}));
    QVERIFY(!chat_body(ServerKind::LlamaCpp, QStringLiteral("m"), base, true, &err)->contains("lora"));
    const QJsonObject mod = moderation_body(QStringLiteral("m"), QStringLiteral("t"), 20, ServerKind::LlamaCpp, server);
    QCOMPARE(mod.value("lora").toArray().size(), 2);
    QCOMPARE(mod.value("lora").toArray()[0].toObject().value("scale").toDouble(), 0.0);
    QVERIFY(!moderation_body(QStringLiteral("m"), QStringLiteral("t"), 20).contains("lora"));
    // An id the server does not have is refused.
    r.adapters = {AdapterSpec{QStringLiteral("remote-lora:9:gone.gguf"), 1.0, true}};
    QVERIFY(!chat_body(ServerKind::LlamaCpp, QStringLiteral("m"), r, true, &err, server));
    QVERIFY(err.contains(QStringLiteral("not an adapter of this server")));
    // vLLM: one adapter, at scale 1, chosen by model name.
    RemoteAdapter sql;
    sql.name = QStringLiteral("sql-lora");
    r.adapters = {AdapterSpec{remote_adapter_path(ServerKind::Vllm, sql), 1.0, true}};
    auto v = chat_body(ServerKind::Vllm, QStringLiteral("base"), r, true, &err);
    QVERIFY2(v, qPrintable(err));
    QCOMPARE(v->value("model").toString(), QStringLiteral("sql-lora"));
    r.adapters[0].scale = 0.5;
    QVERIFY(!chat_body(ServerKind::Vllm, QStringLiteral("base"), r, true, &err));
    QVERIFY(err.contains(QStringLiteral("scale 1")));
    // A local adapter file cannot go to a server.
    r.adapters = {AdapterSpec{QStringLiteral("/home/me/adapter"), 1.0, true}};
    QVERIFY(!chat_body(ServerKind::LlamaCpp, QStringLiteral("m"), r, true, &err));
    QVERIFY(err.contains(QStringLiteral("adapter")));
    QVERIFY(!chat_body(ServerKind::Generic, QStringLiteral("m"), r, true, &err));
  }

  void modelsAndAdaptersParsed() {
    QString err;
    auto m = parse_models(R"({"data":[{"id":"base","owned_by":"vllm","max_model_len":32768},
                                       {"id":"sql","owned_by":"vllm","parent":"base"}]})", &err);
    QVERIFY(m);
    QCOMPARE(detect_kind(*m), ServerKind::Vllm);
    QCOMPARE(m->at(0).context_length, 32768);
    const auto a = vllm_adapters(*m, QStringLiteral("base"));
    QCOMPARE(a.size(), 1);
    QCOMPARE(a[0].key, QStringLiteral("remote-model:sql"));
    // Counts a hostile server sends out of range are ignored (a double past int64 was undefined
    // behaviour; fuzz_remote_stream, tests/fixtures/bad/remote_fuzz_huge_count.json).
    auto huge = parse_models(R"({"data":[{"id":"a","max_model_len":1e125},{"id":"b","max_model_len":-4},
                                          {"id":"c","meta":{"n_ctx_train":2.5}}]})", &err);
    QVERIFY(huge);
    for (const auto& h : *huge) QCOMPARE(h.context_length, 0);
    qint64 hp = -1;
    QVERIFY(parse_top_logprobs(R"({"choices":[{"logprobs":{"top_logprobs":[{" safe":-0.2}]}}],
                                   "usage":{"prompt_tokens":1e125,"completion_tokens":-1e300}})", &err, &hp));
    QCOMPARE(hp, -1);
    QFile fuzz(QStringLiteral(TRAMONTANE_FIXTURES "/bad/remote_fuzz_huge_count.json"));
    QVERIFY(fuzz.open(QIODevice::ReadOnly));
    const QByteArray fb = fuzz.readAll();
    parse_top_logprobs(fb, &err, &hp);  // the fuzz input itself (UBSan: TRAMONTANE_SANITIZE_GUI=1)
    QVERIFY(!parse_models("[]", &err));
    QVERIFY(!parse_models(R"({"data":[]})", &err));
    QVERIFY(!parse_models("<html>", &err));
    QVERIFY(err.contains(QStringLiteral("not JSON")));
    auto l = parse_lora_adapters(R"([{"id":0,"path":"/a/b/tone.gguf","scale":0.25},{"id":"x"}])", &err);
    QVERIFY(l);
    QCOMPARE(l->size(), 1);
    QCOMPARE(l->at(0).name, QStringLiteral("tone.gguf"));
    QCOMPARE(l->at(0).key, QStringLiteral("remote-lora:0:tone.gguf"));
  }

  void topLogprobsBothLayouts() {
    QString err;
    qint64 prompt = 0;
    auto chat = parse_top_logprobs(
        R"({"choices":[{"logprobs":{"content":[{"token":" safe","logprob":-0.1,
            "top_logprobs":[{"token":" safe","logprob":-0.1},{"token":" uns","logprob":-2.5},{"token":"x","logprob":"bad"}]}]}}],
            "usage":{"prompt_tokens":57}})", &err, &prompt);
    QVERIFY2(chat, qPrintable(err));
    QCOMPARE(chat->size(), 2);
    QCOMPARE(prompt, 57);
    auto comp = parse_top_logprobs(R"({"choices":[{"logprobs":{"top_logprobs":[{" safe":-0.2," no":-1.9}]}}]})", &err);
    QVERIFY(comp);
    QCOMPARE(comp->size(), 2);
    QVERIFY(!parse_top_logprobs(R"({"choices":[{"message":{"content":"safe"}}]})", &err));
    QVERIFY(err.contains(QStringLiteral("logprobs")));
    QVERIFY(!parse_top_logprobs(R"({"error":{"message":"logprobs are not enabled"}})", &err));
    QCOMPARE(err, QStringLiteral("logprobs are not enabled"));
  }

  void labelsScoredByLongestPrefix() {
    // " s" and " saf" also begin " safe"; the longest (" safe") is the label's first token.
    const QList<TopLogprob> top = {{QStringLiteral(" s"), -3.0}, {QStringLiteral(" safe"), -0.5},
                                   {QStringLiteral(" saf"), -4.0}, {QStringLiteral(" uns"), -1.5},
                                   {QStringLiteral(" "), -0.1}, {QStringLiteral("The"), -6.0}};
    const LabelScores s = score_labels(top, {QStringLiteral("safe"), QStringLiteral("unsafe"), QStringLiteral("spam")});
    QCOMPARE(s.log_probs[0], -0.5);
    QCOMPARE(s.log_probs[1], -1.5);
    QCOMPARE(s.log_probs[2], -3.0);  // " s" begins " spam"
    QVERIFY(s.missing.isEmpty());
    const double z = std::exp(-0.5) + std::exp(-1.5) + std::exp(-3.0);
    QVERIFY(std::abs(s.probs[0] - std::exp(-0.5) / z) < 1e-12);
    // A label no top token begins gets the floor (the smallest top logprob) and is reported.
    const LabelScores m = score_labels(top, {QStringLiteral("safe"), QStringLiteral("violence")});
    QCOMPARE(m.missing, QStringList{QStringLiteral("violence")});
    QCOMPARE(m.log_probs[1], -6.0);
    // Labels with the same first token share its probability: P(" un") / 3 each.
    const QList<TopLogprob> un = {{QStringLiteral(" un"), std::log(0.6)}, {QStringLiteral(" not"), std::log(0.3)}};
    const QStringList three = {QStringLiteral("not moderated"), QStringLiteral("unqualified law"),
                               QStringLiteral("unqualified financial"), QStringLiteral("unqualified medical")};
    const LabelScores a = score_labels(un, three);
    QCOMPARE(a.ambiguous.size(), 3);
    QVERIFY(std::abs(a.probs[0] - 1.0 / 3) < 1e-12);  // 0.3 of 0.9
    QVERIFY(std::abs(a.probs[1] - 2.0 / 9) < 1e-12);  // 0.2 of 0.9
  }

  void httpErrorsReadable() {
    QCOMPARE(http_error_message(401, R"({"error":{"message":"Invalid API key","type":"auth"}})"),
             QStringLiteral("the server answered HTTP 401: Invalid API key"));
    QCOMPARE(http_error_message(422, R"({"detail":"messages: field required"})"),
             QStringLiteral("the server answered HTTP 422: messages: field required"));
    QCOMPARE(http_error_message(502, "<html>Bad gateway</html>"),
             QStringLiteral("the server answered HTTP 502: <html>Bad gateway</html>"));
    QCOMPARE(http_error_message(500, ""), QStringLiteral("the server answered HTTP 500"));
  }

  // --- RemoteBackend against a scripted server --------------------------------------------------
  void connectsAndStreams() {
    FakeHttpServer server(server_with([](const HttpRequest&) {
      return HttpResponse::sse({{0, chunk(QStringLiteral("Hel"))}, {5, chunk(QStringLiteral("lo"))},
                                {5, chunk(QStringLiteral(" there"))}, {5, chunk(QString(), QStringLiteral("length"))},
                                // the usage chunk (stream_options.include_usage): exact counts
                                {0, "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":4}}\n\n"},
                                {0, "data: [DONE]\n\n"}});
    }));
    RemoteBackend b;
    QVERIFY(connect_backend(b, config_for(server)));
    QCOMPARE(b.kind(), ServerKind::LlamaCpp);
    QCOMPARE(b.modelInfo().name, QStringLiteral("tiny"));  // the first base model
    QCOMPARE(b.modelInfo().backend, QStringLiteral("remote"));
    QCOMPARE(b.adapters().size(), 2);
    QCOMPARE(b.adapters()[1].key, QStringLiteral("remote-lora:1:legal.gguf"));
    QSignalSpy tokens(&b, &RemoteBackend::tokens);
    QSignalSpy done(&b, &RemoteBackend::finished);
    QString err;
    QVERIFY(b.generate(hello_request(), &err));
    QVERIFY(done.wait(5000));
    QCOMPARE(joined(tokens), QStringLiteral("Hello there"));
    QCOMPARE(tokens.last().at(1).toLongLong(), 3);
    const auto result = done.first().first().value<GenerationResult>();
    QCOMPARE(result.text, QStringLiteral("Hello there"));
    QCOMPARE(result.stop_reason, StopReason::MaxTokens);
    QCOMPARE(result.prompt_tokens, 7);
    QCOMPARE(result.completion_tokens, 4);  // the server's count, not the 3 chunks
    // What was sent: the key, the stream flag, the messages, every adapter at scale 0.
    const HttpRequest& sent = server.requests().last();
    QVERIFY(sent.json().value("stream_options").toObject().value("include_usage").toBool());
    QCOMPARE(sent.json().value("lora").toArray(),
             (QJsonArray{QJsonObject{{"id", 0}, {"scale", 0.0}}, QJsonObject{{"id", 1}, {"scale", 0.0}}}));
    QCOMPARE(sent.path, QByteArray("/v1/chat/completions"));
    QCOMPARE(sent.headers.value("authorization"), QByteArray("Bearer sk-test-123"));
    QCOMPARE(sent.json().value("model").toString(), QStringLiteral("tiny"));
    QVERIFY(sent.json().value("stream").toBool());
    QCOMPARE(sent.json().value("messages").toArray().size(), 2);
    QCOMPARE(server.requests().first().headers.value("authorization"), QByteArray("Bearer sk-test-123"));
  }

  void unknownModelAndNoServer() {
    FakeHttpServer server(server_with([](const HttpRequest&) { return HttpResponse::json(500, ""); }));
    RemoteConfig c = config_for(server);
    c.model = QStringLiteral("mistral-70b");
    RemoteBackend b;
    QSignalSpy bad(&b, &RemoteBackend::connectFailed);
    b.connectTo(c);
    QVERIFY(bad.wait(5000));
    QVERIFY2(bad.first().first().toString().contains(QStringLiteral("tiny")), qPrintable(bad.first().first().toString()));
    // Nothing listening.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    c.base_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    b.connectTo(c);
    QVERIFY(bad.wait(5000));
    QVERIFY2(bad.last().first().toString().contains(QStringLiteral("nothing answers")), qPrintable(bad.last().first().toString()));
    // A hostile or broken server's endless model list is cut off.
    server.setHandler([](const HttpRequest&) {
      HttpResponse r = HttpResponse::json(200, QByteArray());
      r.parts.clear();
      for (int i = 0; i < 20; ++i) r.parts.append({0, QByteArray(1 << 20, ' ')});
      return r;
    });
    c.base_url = QUrl(server.url());
    b.connectTo(c);
    QVERIFY(bad.wait(10000));
    QVERIFY2(bad.last().first().toString().contains(QStringLiteral("larger than 16 MiB")), qPrintable(bad.last().first().toString()));
    c.base_url = QUrl(QStringLiteral("localhost:8080"));
    b.connectTo(c);
    QVERIFY(bad.wait(5000));
    QVERIFY(bad.last().first().toString().contains(QStringLiteral("not a server address")));
  }

  void stopKeepsTheTextSoFar() {
    FakeHttpServer server(server_with([](const HttpRequest&) {
      QList<QPair<int, QByteArray>> parts;
      for (int i = 0; i < 200; ++i) parts.append({20, chunk(QStringLiteral("w%1 ").arg(i))});
      return HttpResponse::sse(parts);
    }));
    RemoteBackend b;
    QVERIFY(connect_backend(b, config_for(server)));
    QSignalSpy tokens(&b, &RemoteBackend::tokens);
    QSignalSpy done(&b, &RemoteBackend::finished);
    QString err;
    QVERIFY(b.generate(hello_request(), &err));
    QVERIFY(QTest::qWaitFor([&] { return tokens.count() >= 3; }, 5000));
    QElapsedTimer t;
    t.start();
    b.stop();
    QVERIFY(done.count() == 1 || done.wait(2000));
    QVERIFY(t.elapsed() < 1000);
    const auto result = done.first().first().value<GenerationResult>();
    QCOMPARE(result.stop_reason, StopReason::Stopped);
    QCOMPARE(result.text, joined(tokens));
    QVERIFY(result.text.startsWith(QStringLiteral("w0 w1 w2 ")));
    QVERIFY(!b.busy());
  }

  void serverGoesAwayMidStream() {
    FakeHttpServer server(server_with([](const HttpRequest&) {
      HttpResponse r = HttpResponse::sse({{0, chunk(QStringLiteral("Half "))}, {10, chunk(QStringLiteral("an answer"))}});
      r.end = HttpResponse::End::Reset;  // the server process died
      return r;
    }));
    RemoteBackend b;
    QVERIFY(connect_backend(b, config_for(server)));
    QSignalSpy tokens(&b, &RemoteBackend::tokens);
    QSignalSpy failed(&b, &RemoteBackend::failed);
    QString err;
    QVERIFY(b.generate(hello_request(), &err));
    QVERIFY(failed.wait(5000));
    QCOMPARE(joined(tokens), QStringLiteral("Half an answer"));  // what arrived reached the view
    const QString msg = failed.first().first().toString();
    QVERIFY2(msg.contains(server.url()) && msg.contains(QStringLiteral("kept")), qPrintable(msg));
    // A stream that simply ends without [DONE] or a finish reason is not a finished answer either.
    server.setHandler(server_with([](const HttpRequest&) { return HttpResponse::sse({{0, chunk(QStringLiteral("cut"))}}); }));
    QVERIFY(b.generate(hello_request(), &err));
    QVERIFY(failed.wait(5000));
    QVERIFY2(failed.last().first().toString().contains(QStringLiteral("ended before")), qPrintable(failed.last().first().toString()));
  }

  void silentServerTimesOut() {
    FakeHttpServer server(server_with([](const HttpRequest&) {
      HttpResponse r = HttpResponse::sse({{0, chunk(QStringLiteral("Slow"))}});
      r.end = HttpResponse::End::Hang;  // then nothing, connection open
      return r;
    }));
    RemoteConfig c = config_for(server);
    c.idle_timeout_ms = 400;
    RemoteBackend b;
    QVERIFY(connect_backend(b, c));
    QSignalSpy failed(&b, &RemoteBackend::failed);
    QElapsedTimer t;
    t.start();
    QString err;
    QVERIFY(b.generate(hello_request(), &err));
    QVERIFY(failed.wait(5000));
    QVERIFY(t.elapsed() >= 350 && t.elapsed() < 3000);
    QVERIFY2(failed.first().first().toString().contains(QStringLiteral("sent nothing for 1 s")),
             qPrintable(failed.first().first().toString()));
    // A server that never answers the headers times out the same way.
    server.setHandler(server_with([](const HttpRequest&) {
      HttpResponse r = HttpResponse::sse({});
      r.delay_headers_ms = 100000;
      r.end = HttpResponse::End::Hang;
      return r;
    }));
    QVERIFY(b.generate(hello_request(), &err));
    QVERIFY(failed.wait(5000));
    QVERIFY(failed.last().first().toString().contains(QStringLiteral("sent nothing")));
  }

  void malformedEventsAndErrors() {
    FakeHttpServer server(server_with([](const HttpRequest&) {
      return HttpResponse::sse({{0, chunk(QStringLiteral("ok "))}, {0, "data: {\"choices\": [\n\n"}, {0, chunk(QStringLiteral("never"))}});
    }));
    RemoteBackend b;
    QVERIFY(connect_backend(b, config_for(server)));
    QSignalSpy tokens(&b, &RemoteBackend::tokens);
    QSignalSpy failed(&b, &RemoteBackend::failed);
    QString err;
    QVERIFY(b.generate(hello_request(), &err));
    QVERIFY(failed.wait(5000));
    QVERIFY2(failed.last().first().toString().contains(QStringLiteral("malformed event")), qPrintable(failed.last().first().toString()));
    QCOMPARE(joined(tokens), QStringLiteral("ok "));
    // An error object in the stream.
    server.setHandler(server_with([](const HttpRequest&) {
      return HttpResponse::sse({{0, "data: {\"error\": {\"message\": \"CUDA out of memory\"}}\n\n"}});
    }));
    QVERIFY(b.generate(hello_request(), &err));
    QVERIFY(failed.wait(5000));
    QVERIFY(failed.last().first().toString().contains(QStringLiteral("CUDA out of memory")));
    // An HTTP error with a JSON body.
    server.setHandler(server_with([](const HttpRequest&) {
      return HttpResponse::json(400, R"J({"error":{"message":"the prompt is longer than the context (9000 > 8192)"}})J");
    }));
    QVERIFY(b.generate(hello_request(), &err));
    QVERIFY(failed.wait(5000));
    QVERIFY2(failed.last().first().toString().contains(QStringLiteral("HTTP 400: the prompt is longer")),
             qPrintable(failed.last().first().toString()));
    // A plain JSON answer to a streamed request is taken as the whole answer.
    server.setHandler(server_with([](const HttpRequest&) {
      return HttpResponse::json(200, R"({"choices":[{"message":{"role":"assistant","content":"All at once"},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":3}})");
    }));
    QSignalSpy done(&b, &RemoteBackend::finished);
    QVERIFY(b.generate(hello_request(), &err));
    QVERIFY(done.wait(5000));
    const auto result = done.first().first().value<GenerationResult>();
    QCOMPARE(result.text, QStringLiteral("All at once"));
    QCOMPARE(result.completion_tokens, 3);
    QCOMPARE(result.prompt_tokens, 9);
  }

  // --- EngineController in remote mode --------------------------------------------------------
  void controllerDrivesTheServer() {
    FakeHttpServer server(server_with([](const HttpRequest&) {
      return HttpResponse::sse({{0, chunk(QStringLiteral("Bonjour"))}, {0, chunk(QString(), QStringLiteral("stop"))}});
    }));
    EngineController controller;
    QSignalSpy loaded(&controller, &EngineController::modelLoaded);
    QVERIFY(controller.connectRemote(config_for(server)) != 0);
    QVERIFY(controller.busy());
    QVERIFY(loaded.wait(5000));
    QVERIFY(controller.isRemote());
    QVERIFY(controller.isLoaded());
    QCOMPARE(controller.modelInfo().backend, QStringLiteral("remote"));
    QSignalSpy tokens(&controller, &EngineController::tokens);
    QSignalSpy finished(&controller, &EngineController::finished);
    QVERIFY(controller.generate(hello_request()) != 0);
    QCOMPARE(controller.generate(hello_request()), quint64(0));  // one at a time
    QVERIFY(finished.wait(5000));
    QCOMPARE(joined(tokens), QStringLiteral("Bonjour"));
    QCOMPARE(finished.first().first().value<GenerationResult>().stop_reason, StopReason::EndOfText);
    QVERIFY(!controller.busy());
    // Compare runs on the local engine only.
    QSignalSpy failed(&controller, &EngineController::failed);
    QVERIFY(controller.compare(hello_request(), {{}, {}}) != 0);
    QVERIFY(failed.wait(5000));
    QVERIFY(failed.first().first().toString().contains(QStringLiteral("local engine")));
    // Adapters are the server's.
    QSignalSpy info(&controller, &EngineController::adapterInfo);
    controller.inspectAdapter(QStringLiteral("remote-lora:0:tone.gguf"));
    QVERIFY(info.wait(5000));
    QVERIFY(info.first().first().value<AdapterInfo>().compatible);
    controller.inspectAdapter(QStringLiteral("/home/me/local-adapter"));
    QVERIFY(info.wait(5000));
    QVERIFY(!info.last().first().value<AdapterInfo>().compatible);
    // Leaving the server.
    QSignalSpy unloaded(&controller, &EngineController::modelUnloaded);
    controller.unloadModel();
    QVERIFY(unloaded.count() == 1 || unloaded.wait(5000));
    QVERIFY(!controller.isRemote());
    QVERIFY(!controller.isLoaded());
  }

  void controllerStopWhileConnecting() {
    FakeHttpServer server([](const HttpRequest&) {
      HttpResponse r = HttpResponse::json(200, "{}");
      r.delay_headers_ms = 100000;
      r.end = HttpResponse::End::Hang;
      return r;
    });
    EngineController controller;
    QSignalSpy failed(&controller, &EngineController::loadFailed);
    QVERIFY(controller.connectRemote(config_for(server)) != 0);
    QTest::qWait(100);
    controller.stop();
    QVERIFY(failed.wait(5000));
    QVERIFY(failed.first().at(1).toBool());  // cancelled
    QVERIFY(!controller.busy());
    QVERIFY(!controller.isRemote());
  }

  // --- Completions mode (RemoteConfig::prompt_format): the prompt rendered here ----------------
  void renderedPrompts() {
    // Written by hand from mistral-common's layout and ChatML's (chat_template.h).
    const QList<ChatTurn> multi = multi_turn_request().turns;
    const QString sys = QStringLiteral("You are terse.");
    QString err;
    QCOMPARE(*render_prompt(PromptFormat::MistralV1, ServerKind::LlamaCpp, sys, multi, &err),
             QStringLiteral("[INST] You are terse.\n\nHi there [/INST] Hello! </s>[INST] Tell me about the sea. [/INST]"));
    QCOMPARE(*render_prompt(PromptFormat::MistralV1, ServerKind::Vllm, sys, multi, &err),
             QStringLiteral("[INST] You are terse.\n\nHi there [/INST] Hello! </s>[INST] Tell me about the sea. [/INST]"));
    QCOMPARE(*render_prompt(PromptFormat::MistralV3, ServerKind::LlamaCpp, sys, multi, &err),
             QStringLiteral("[INST]Hi there[/INST]Hello!</s>[INST]You are terse.\n\nTell me about the sea.[/INST]"));
    QCOMPARE(*render_prompt(PromptFormat::MistralV3, ServerKind::Vllm, sys, multi, &err),
             QStringLiteral("[INST] Hi there[/INST] Hello!</s>[INST] You are terse.\n\nTell me about the sea.[/INST]"));
    QCOMPARE(*render_prompt(PromptFormat::ChatML, ServerKind::Generic, sys, multi, &err),
             QStringLiteral("<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n"
                            "<|im_start|>assistant\nHello! <|im_end|>\n<|im_start|>user\nTell me about the sea.<|im_end|>\n"
                            "<|im_start|>assistant\n"));
    // mistral-common's merging: same-role runs joined, an answer first gets an empty user turn.
    const QList<ChatTurn> runs = {ChatTurn{Role::Assistant, QStringLiteral("Hi.")}, ChatTurn{Role::User, QStringLiteral("A")},
                                  ChatTurn{Role::User, QString()}, ChatTurn{Role::User, QStringLiteral("B")}};
    QCOMPARE(*render_prompt(PromptFormat::MistralV1, ServerKind::Generic, QString(), runs, &err),
             QStringLiteral("[INST]  [/INST] Hi.</s>[INST] A\n\nB [/INST]"));
    // Refused: nothing to answer, an empty answer, the server's own template.
    QVERIFY(!render_prompt(PromptFormat::MistralV1, ServerKind::Generic, sys, {}, &err));
    QVERIFY(!render_prompt(PromptFormat::MistralV3, ServerKind::Generic, sys,
                           {ChatTurn{Role::User, QStringLiteral("A")}, ChatTurn{Role::Assistant, QStringLiteral("B")}}, &err));
    QVERIFY2(err.contains(QStringLiteral("last message")), qPrintable(err));
    QVERIFY(!render_prompt(PromptFormat::MistralV1, ServerKind::Generic, sys,
                           {ChatTurn{Role::User, QStringLiteral("A")}, ChatTurn{Role::Assistant, QString()},
                            ChatTurn{Role::User, QStringLiteral("C")}}, &err));
    QVERIFY(!render_prompt(PromptFormat::Server, ServerKind::Generic, sys, multi, &err));
    for (PromptFormat f : {PromptFormat::Server, PromptFormat::MistralV1, PromptFormat::MistralV3, PromptFormat::ChatML})
      QCOMPARE(prompt_format_from_key(prompt_format_key(f)), std::optional<PromptFormat>(f));
    QVERIFY(!prompt_format_from_key(QStringLiteral("v7")));
  }

  void completionsModeStreams_data() {
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("prompt");
    QTest::newRow("v1") << int(PromptFormat::MistralV1)
                        << QStringLiteral("[INST] You are terse.\n\nHi there [/INST] Hello! </s>[INST] Tell me about the sea. [/INST]");
    QTest::newRow("v3") << int(PromptFormat::MistralV3)
                        << QStringLiteral("[INST]Hi there[/INST]Hello!</s>[INST]You are terse.\n\nTell me about the sea.[/INST]");
    QTest::newRow("chatml") << int(PromptFormat::ChatML)
                            << QStringLiteral("<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n"
                                              "<|im_start|>assistant\nHello! <|im_end|>\n<|im_start|>user\nTell me about the sea.<|im_end|>\n"
                                              "<|im_start|>assistant\n");
  }
  void completionsModeStreams() {
    QFETCH(int, format);
    QFETCH(QString, prompt);
    FakeHttpServer server(server_with([](const HttpRequest& r) {
      if (r.path != "/v1/completions") return HttpResponse::json(404, R"({"error":{"message":"wrong endpoint"}})");
      return HttpResponse::sse({{0, text_chunk(QStringLiteral(" The"))}, {5, text_chunk(QStringLiteral(" sea"))},
                                {5, text_chunk(QStringLiteral(" is blue."))}, {5, text_chunk(QString(), QStringLiteral("stop"))},
                                {0, "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":31,\"completion_tokens\":5}}\n\n"},
                                {0, "data: [DONE]\n\n"}});
    }));
    RemoteConfig c = config_for(server);
    c.prompt_format = PromptFormat(format);
    RemoteBackend b;
    QVERIFY(connect_backend(b, c));
    QVERIFY2(b.modelInfo().backend_note.contains(QStringLiteral("/v1/completions")), qPrintable(b.modelInfo().backend_note));
    QSignalSpy tokens(&b, &RemoteBackend::tokens);
    QSignalSpy done(&b, &RemoteBackend::finished);
    QSignalSpy failed(&b, &RemoteBackend::failed);
    QString err;
    QVERIFY2(b.generate(multi_turn_request(), &err), qPrintable(err));
    QVERIFY(QTest::qWaitFor([&] { return done.count() + failed.count() > 0; }, 5000));
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    QCOMPARE(joined(tokens), QStringLiteral(" The sea is blue."));
    const auto result = done.first().first().value<GenerationResult>();
    QCOMPARE(result.text, QStringLiteral(" The sea is blue."));
    QCOMPARE(result.stop_reason, StopReason::EndOfText);
    QCOMPARE(result.prompt_tokens, 31);
    QCOMPARE(result.completion_tokens, 5);
    const HttpRequest& sent = server.requests().last();
    QCOMPARE(sent.path, QByteArray("/v1/completions"));
    const QJsonObject body = sent.json();
    QCOMPARE(body.value("prompt").toString(), prompt);
    QVERIFY(!body.contains("messages"));
    QVERIFY(body.value("stream").toBool());
    QVERIFY(body.value("stream_options").toObject().value("include_usage").toBool());
    QCOMPARE(body.value("max_tokens").toInt(), 16);
    QCOMPARE(body.value("model").toString(), QStringLiteral("tiny"));
    QCOMPARE(body.value("lora").toArray().size(), 2);  // the adapters as in chat mode
    QCOMPARE(body.value("stop").toArray(), PromptFormat(format) == PromptFormat::ChatML
                                               ? QJsonArray{QStringLiteral("<|im_end|>")} : QJsonArray{});
    QCOMPARE(sent.headers.value("authorization"), QByteArray("Bearer sk-test-123"));
  }

  // Stop, errors and a conversation the format refuses, as in chat mode.
  void completionsModeStopAndErrors() {
    FakeHttpServer server(server_with([](const HttpRequest&) {
      QList<QPair<int, QByteArray>> parts;
      for (int i = 0; i < 200; ++i) parts.append({20, text_chunk(QStringLiteral("w%1 ").arg(i))});
      return HttpResponse::sse(parts);
    }));
    RemoteConfig c = config_for(server);
    c.prompt_format = PromptFormat::MistralV1;
    RemoteBackend b;
    QVERIFY(connect_backend(b, c));
    QSignalSpy tokens(&b, &RemoteBackend::tokens);
    QSignalSpy done(&b, &RemoteBackend::finished);
    QSignalSpy failed(&b, &RemoteBackend::failed);
    QString err;
    QVERIFY(b.generate(hello_request(), &err));
    QVERIFY(QTest::qWaitFor([&] { return tokens.count() >= 3; }, 5000));
    b.stop();
    QVERIFY(done.count() == 1 || done.wait(2000));
    auto result = done.first().first().value<GenerationResult>();
    QCOMPARE(result.stop_reason, StopReason::Stopped);
    QCOMPARE(result.text, joined(tokens));
    QVERIFY(result.text.startsWith(QStringLiteral("w0 w1 w2 ")));
    // An error event mid-answer and an HTTP error name the completions endpoint.
    server.setHandler(server_with([](const HttpRequest&) {
      return HttpResponse::sse({{0, text_chunk(QStringLiteral("ok "))}, {0, "data: {\"error\":{\"message\":\"slot died\"}}\n\n"}});
    }));
    QVERIFY(b.generate(hello_request(), &err));
    QVERIFY(failed.wait(5000));
    QString msg = failed.last().first().toString();
    QVERIFY2(msg.contains(QStringLiteral("/v1/completions")) && msg.contains(QStringLiteral("slot died")), qPrintable(msg));
    server.setHandler(server_with([](const HttpRequest&) {
      return HttpResponse::json(400, R"({"error":{"message":"the model has no chat template"}})");
    }));
    QVERIFY(b.generate(hello_request(), &err));
    QVERIFY(failed.wait(5000));
    msg = failed.last().first().toString();
    QVERIFY2(msg.contains(QStringLiteral("/v1/completions")) && msg.contains(QStringLiteral("HTTP 400")), qPrintable(msg));
    // A whole JSON answer instead of a stream: choices[0].text.
    server.setHandler(server_with([](const HttpRequest&) {
      return HttpResponse::json(200, R"({"choices":[{"text":" whole","finish_reason":"length"}],"usage":{"prompt_tokens":9,"completion_tokens":1}})");
    }));
    const int before = done.count();
    QVERIFY(b.generate(hello_request(), &err));
    QVERIFY(QTest::qWaitFor([&] { return done.count() > before; }, 5000));
    result = done.last().first().value<GenerationResult>();
    QCOMPARE(result.text, QStringLiteral(" whole"));
    QCOMPARE(result.stop_reason, StopReason::MaxTokens);
    // Nothing to answer after an answer: refused before anything is sent.
    ChatRequest bad = hello_request();
    bad.turns.append(ChatTurn{Role::Assistant, QStringLiteral("Hi")});
    const int sent = server.requests().size();
    QVERIFY(!b.generate(bad, &err));
    QVERIFY2(err.contains(QStringLiteral("last message")), qPrintable(err));
    QCOMPARE(server.requests().size(), sent);
    QVERIFY(!b.busy());
  }

  // Moderation in completions mode: the rendered prompt, "logprobs": K; both logprobs layouts.
  void completionsModeModeration() {
    auto policy = tramontane::moderation::builtin_policy("binary");
    QVERIFY(policy);
    FakeHttpServer server(server_with([](const HttpRequest& r) {
      if (r.path != "/v1/completions") return HttpResponse::json(404, R"({"error":{"message":"wrong endpoint"}})");
      // OpenAI's (vLLM's) completions layout for one text, llama.cpp's (the chat layout) for the other.
      if (r.json().value("prompt").toString().contains(QStringLiteral("openai")))
        return HttpResponse::json(200, R"({"choices":[{"text":" safe","logprobs":{"tokens":[" safe"],"token_logprobs":[-0.3],"top_logprobs":[{" safe":-0.3," unsafe":-1.5}]}}],"usage":{"prompt_tokens":50,"completion_tokens":1}})");
      return HttpResponse::json(200, R"({"choices":[{"text":" unsafe","logprobs":{"content":[{"id":7,"token":" unsafe","logprob":-0.2,"top_logprobs":[{"id":7,"token":" unsafe","logprob":-0.2},{"id":5,"token":" safe","logprob":-1.8}]}]}}],"usage":{"prompt_tokens":60,"completion_tokens":1}})");
    }));
    RemoteConfig c = config_for(server);
    c.prompt_format = PromptFormat::MistralV1;
    c.top_logprobs = 7;
    RemoteBackend backend;
    QVERIFY(connect_backend(backend, c));
    RemoteModerator m;
    m.setBackend(&backend);
    m.setPolicy(std::make_shared<const tramontane::moderation::Policy>(*policy));
    QList<ModerationRowResult> rows;
    for (const QString& t : {QStringLiteral("openai layout"), QStringLiteral("llama layout")}) {
      ModerationRowResult r;
      r.row = int(rows.size()) + 1;
      r.text = t;
      rows.append(r);
    }
    QSignalSpy done(&m, &RemoteModerator::rowsDone);
    QSignalSpy finished(&m, &RemoteModerator::batchFinished);
    m.runBatch(3, rows);
    QVERIFY(finished.wait(10000));
    QHash<int, ModerationRowResult> by_row;
    for (const auto& args : done)
      for (const auto& r : args.at(1).value<QList<ModerationRowResult>>()) by_row.insert(r.row, r);
    QCOMPARE(by_row.size(), 2);
    QVERIFY2(by_row[1].has_scores, qPrintable(by_row[1].error));
    QVERIFY2(by_row[2].has_scores, qPrintable(by_row[2].error));
    QVERIFY(std::abs(by_row[1].probs[0] - std::exp(-0.3) / (std::exp(-0.3) + std::exp(-1.5))) < 1e-9);
    QVERIFY(std::abs(by_row[2].probs[0] - std::exp(-1.8) / (std::exp(-1.8) + std::exp(-0.2))) < 1e-9);
    QCOMPARE(by_row[1].prompt_tokens, 50);
    QCOMPARE(by_row[2].prompt_tokens, 60);
    QCOMPARE(server.requests().size(), 2 + 2);  // /v1/models, /lora-adapters, two texts
    for (const HttpRequest& sent : server.requests().mid(2)) {
      QCOMPARE(sent.path, QByteArray("/v1/completions"));
      const QJsonObject body = sent.json();
      const QString text = body.value("prompt").toString().contains(QStringLiteral("openai")) ? QStringLiteral("openai layout")
                                                                                             : QStringLiteral("llama layout");
      QCOMPARE(body.value("prompt").toString(),
               QStringLiteral("[INST] ") + QString::fromStdString(policy->fill(text.toStdString())) + QStringLiteral(" [/INST]"));
      QVERIFY(body.value("logprobs").isDouble());
      QCOMPARE(body.value("logprobs").toInt(), 7);
      QVERIFY(!body.contains("top_logprobs") && !body.contains("messages"));
      QCOMPARE(body.value("max_tokens").toInt(), 1);
      QCOMPARE(body.value("temperature").toInt(), 0);
      QCOMPARE(body.value("stream").toBool(), false);
      QCOMPARE(body.value("lora").toArray(),
               (QJsonArray{QJsonObject{{"id", 0}, {"scale", 0.0}}, QJsonObject{{"id", 1}, {"scale", 0.0}}}));
    }
  }

  // --- Moderation: bounded concurrency, retries ---------------------------------------------
  void moderationConcurrencyAndRetries() {
    auto policy = tramontane::moderation::builtin_policy("binary");
    QVERIFY(policy);
    auto tries = std::make_shared<QHash<QString, int>>();
    FakeHttpServer server(server_with([tries](const HttpRequest& r) {
      const QString text = r.json().value("messages").toArray().first().toObject().value("content").toString();
      const int n = ++(*tries)[text];
      if (text.contains(QStringLiteral("always-fails"))) return HttpResponse::json(500, R"({"error":{"message":"boom"}})");
      if (text.contains(QStringLiteral("bad-request"))) return HttpResponse::json(400, R"({"error":{"message":"no"}})");
      if (n == 1 && text.contains(QStringLiteral("flaky"))) {
        HttpResponse busy = HttpResponse::json(429, R"({"error":{"message":"slow down"}})");
        busy.extra_headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("0")));
        return busy;
      }
      const bool unsafe = text.contains(QStringLiteral("bomb"));
      const QByteArray top = unsafe ? R"([{"token":" unsafe","logprob":-0.2},{"token":" safe","logprob":-1.7}])"
                                    : R"([{"token":" safe","logprob":-0.1},{"token":" uns","logprob":-2.4}])";
      HttpResponse ok = HttpResponse::json(200, R"({"choices":[{"message":{"content":"x"},"logprobs":{"content":[{"token":"x","logprob":-0.1,"top_logprobs":)" +
                                                    top + R"(}]}}],"usage":{"prompt_tokens":180,"completion_tokens":1}})");
      ok.parts = {{40, ok.parts.first().second}};  // take a while, so requests overlap
      return ok;
    }));
    RemoteConfig c = config_for(server);
    c.max_in_flight = 3;
    c.max_retries = 2;
    RemoteBackend backend;
    QVERIFY(connect_backend(backend, c));
    RemoteModerator m;
    m.setBackend(&backend);
    m.setPolicy(std::make_shared<const tramontane::moderation::Policy>(*policy));
    QList<ModerationRowResult> rows;
    const QStringList texts = {QStringLiteral("hello"), QStringLiteral("flaky one"), QStringLiteral("a bomb recipe"),
                               QStringLiteral("always-fails"), QStringLiteral("bad-request"), QStringLiteral("flaky two")};
    for (int i = 0; i < 12; ++i) {
      ModerationRowResult r;
      r.row = i + 1;
      r.text = texts[i % texts.size()] + QStringLiteral(" #%1").arg(i);
      rows.append(r);
    }
    ModerationRowResult broken;
    broken.row = 13;
    broken.error = QStringLiteral("row 13: no text");
    rows.append(broken);
    QSignalSpy done(&m, &RemoteModerator::rowsDone);
    QSignalSpy finished(&m, &RemoteModerator::batchFinished);
    const int before = server.requests().size();
    m.runBatch(7, rows);
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().at(0).toULongLong(), quint64(7));
    QVERIFY(!finished.first().at(1).toBool());
    QHash<int, ModerationRowResult> by_row;
    for (const auto& args : done)
      for (const auto& r : args.at(1).value<QList<ModerationRowResult>>()) by_row.insert(r.row, r);
    QCOMPARE(by_row.size(), 13);
    for (const auto& r : by_row) {
      QVERIFY(r.done);
      if (r.text.contains(QStringLiteral("always-fails"))) {
        QVERIFY2(r.error.contains(QStringLiteral("HTTP 500: boom")) && r.error.contains(QStringLiteral("attempts: 3")), qPrintable(r.error));
      } else if (r.text.contains(QStringLiteral("bad-request"))) {
        QVERIFY2(r.error.contains(QStringLiteral("HTTP 400")) && !r.error.contains(QStringLiteral("attempts")), qPrintable(r.error));
      } else if (r.row == 13) {
        QCOMPARE(r.error, QStringLiteral("row 13: no text"));
      } else {
        QVERIFY2(r.has_scores, qPrintable(r.error));
        QCOMPARE(r.prompt_tokens, 180);
        const bool unsafe = r.text.contains(QStringLiteral("bomb"));
        const double ps = unsafe ? std::exp(-1.7) / (std::exp(-1.7) + std::exp(-0.2)) : std::exp(-0.1) / (std::exp(-0.1) + std::exp(-2.4));
        QVERIFY(std::abs(r.probs[0] - ps) < 1e-9);
        QVERIFY(std::abs(r.p_unsafe - (1 - ps)) < 1e-9);
        QCOMPARE(r.top, unsafe ? 1 : 0);
      }
    }
    // 10 texts sent once, 4 flaky ones twice (429 then success), 2 failing ones 3 times (retries)
    // and the 400 ones once each; at most 3 at a time, and they did overlap.
    QCOMPARE(server.requests().size() - before, 12 + 4 + 2 * 2);
    QVERIFY2(server.maxActive() <= 3, qPrintable(QString::number(server.maxActive())));
    QVERIFY(server.maxActive() >= 2);
  }

  void moderationCancelKeepsFinishedRows() {
    auto policy = tramontane::moderation::builtin_policy("binary");
    FakeHttpServer server(server_with([](const HttpRequest&) {
      HttpResponse ok = HttpResponse::json(200, R"({"choices":[{"logprobs":{"content":[{"token":" safe","logprob":-0.1,"top_logprobs":[{"token":" safe","logprob":-0.1}]}]}}]})");
      ok.parts = {{150, ok.parts.first().second}};
      return ok;
    }));
    RemoteConfig c = config_for(server);
    c.max_in_flight = 2;
    RemoteBackend backend;
    QVERIFY(connect_backend(backend, c));
    RemoteModerator m;
    m.setBackend(&backend);
    m.setPolicy(std::make_shared<const tramontane::moderation::Policy>(*policy));
    QList<ModerationRowResult> rows;
    for (int i = 0; i < 20; ++i) {
      ModerationRowResult r;
      r.row = i + 1;
      r.text = QStringLiteral("text %1").arg(i);
      rows.append(r);
    }
    QSignalSpy done(&m, &RemoteModerator::rowsDone);
    QSignalSpy finished(&m, &RemoteModerator::batchFinished);
    m.runBatch(1, rows);
    QTest::qWait(400);
    m.cancel();
    QCOMPARE(finished.count(), 1);
    QVERIFY(finished.first().at(1).toBool());
    int n = 0;
    for (const auto& args : done) n += args.at(1).value<QList<ModerationRowResult>>().size();
    QVERIFY(n >= 2 && n < 20);
    QVERIFY(!m.busy());
    QTest::qWait(300);  // answers of aborted requests change nothing
    QCOMPARE(finished.count(), 1);
  }
};

QTEST_MAIN(TestRemoteBackend)
#include "test_remote_backend.moc"
