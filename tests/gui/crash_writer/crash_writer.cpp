// chat_store_crash_writer DB TRIAL
// Opens the history database, recovers interrupted answers, adds a user message, then streams
// an answer forever, one token per ~0.3 ms. Reports on stdout, one line each, flushed:
//   USER <id>        after add_user_message returned (the message is committed)
//   ASSISTANT <id>   after begin_assistant_message returned
//   TOKEN <i>        after update_partial(text of tokens 0..i) returned
// Token i is "w<i> ". The store's throttle runs on a virtual clock of 10 ms per token, so with
// the default 1 s interval it commits every 100 tokens: a kill may lose at most 100 tokens.
// Exit codes: 1 usage, 2 store error. Normally it never exits: the test kills it.
#include <QCoreApplication>
#include <QThread>

#include <cstdio>

#include "gui/core/chat_store.h"

using tramontane::gui::ChatStore;
using tramontane::gui::GenerationInfo;

namespace {

constexpr qint64 kVirtualMsPerToken = 10;

int fail(const QString& error) {
  std::fprintf(stderr, "crash_writer: %s\n", qPrintable(error));
  return 2;
}

void report(const char* what, qint64 value) {
  std::printf("%s %lld\n", what, static_cast<long long>(value));
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  if (argc != 3) {
    std::fprintf(stderr, "usage: chat_store_crash_writer DB TRIAL\n");
    return 1;
  }
  const QString path = QString::fromLocal8Bit(argv[1]);
  const QString trial = QString::fromLocal8Bit(argv[2]);

  qint64 virtual_ms = 0;
  ChatStore store;
  store.set_clocks(nullptr, [&virtual_ms] { return virtual_ms; });
  if (auto err = store.open(path)) return fail(*err);
  if (auto n = store.recover_interrupted(); !n) return fail(n.error());

  auto conversation = store.create_conversation(QStringLiteral("trial %1").arg(trial), QStringLiteral("none"));
  if (!conversation) return fail(conversation.error());
  auto user = store.add_user_message(*conversation, QStringLiteral("user message of trial %1").arg(trial));
  if (!user) return fail(user.error());
  report("USER", *user);

  GenerationInfo info;
  info.model = QStringLiteral("crash-writer");
  info.preset_id = QStringLiteral("none");
  info.sampling = QJsonObject{{QStringLiteral("temperature"), 0.0}};
  auto answer = store.begin_assistant_message(*user, info);
  if (!answer) return fail(answer.error());
  report("ASSISTANT", *answer);

  QString text;
  for (qint64 i = 0;; ++i) {
    text += QStringLiteral("w%1 ").arg(i);
    virtual_ms += kVirtualMsPerToken;
    if (auto err = store.update_partial(*answer, text, i + 1)) return fail(*err);
    report("TOKEN", i);
    QThread::usleep(300);
  }
}
