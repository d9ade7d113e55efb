#pragma once
// Incremental parser of a Server-Sent Events stream (the WHATWG "text/event-stream" format), as
// OpenAI-compatible servers send streamed completions:
//
//   data: {"choices":[{"delta":{"content":"Hel"}}]}\n\n   one event per blank-line-terminated block
//   : a comment\n                                         ignored
//   event: error\ndata: {...}\n\n                         an event with a type
//   data: [DONE]\n\n                                      OpenAI's end marker (an ordinary event here)
//
// Lines end with "\n", "\r\n" or "\r" (a "\r" at the end of one chunk and a "\n" at the start of
// the next are one line end). Field "data" lines of one event join with "\n"; one space after the
// colon is dropped; unknown fields ("id", "retry", ...) are ignored. Bytes arrive in any split
// (feed() keeps the unfinished line). A line longer than kMaxLine, or an event whose data grows
// beyond kMaxEvent, puts the parser in an error state (the stream is not SSE, or hostile): feed()
// returns nothing more and error() says why. A byte-order mark at the very start is skipped.
#include <QByteArray>
#include <QList>
#include <QString>

namespace tramontane::gui {

struct SseEvent {
  QByteArray type;  // "message" unless an "event:" field said otherwise
  QByteArray data;  // the data lines joined with "\n"
};

class SseParser {
 public:
  static constexpr qsizetype kMaxLine = qsizetype(4) << 20;
  static constexpr qsizetype kMaxEvent = qsizetype(16) << 20;

  // The events completed by `bytes` (in order).
  QList<SseEvent> feed(const QByteArray& bytes);
  // Bytes of an unfinished event are pending (the stream ended mid-event when this is true at
  // the end).
  bool midEvent() const { return !line_.isEmpty() || has_data_ || !type_.isEmpty(); }
  bool failed() const { return !error_.isEmpty(); }
  const QString& error() const { return error_; }

 private:
  void line(const QByteArray& l, QList<SseEvent>& out);
  QByteArray line_;
  QByteArray type_;
  QByteArray data_;
  bool has_data_ = false;
  bool skip_lf_ = false;    // the last byte was '\r': a following '\n' belongs to it
  bool started_ = false;    // past a possible byte-order mark
  QString error_;
};

}  // namespace tramontane::gui
