// What a remote server sends back (gui/core/remote_sse.h, remote_api.h) on arbitrary bytes: the
// SSE parser over the input cut in two at a place the first byte chooses (the same events as in
// one piece), each event's data as a streamed chat chunk, and the whole input as each JSON answer
// the backend reads (model list, llama.cpp adapters, a whole completion, top logprobs then the
// label scores, an HTTP error message).
#include <cmath>

#include "fuzz/fuzz_util.h"
#include "gui/core/remote_api.h"
#include "gui/core/remote_sse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tramontane::gui;
  const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
  const qsizetype cut = size ? qsizetype(data[0]) % (bytes.size() + 1) : 0;
  SseParser whole, split;
  const QList<SseEvent> a = whole.feed(bytes);
  QList<SseEvent> b = split.feed(bytes.left(cut));
  b += split.feed(bytes.mid(cut));
  FUZZ_CHECK(whole.failed() == split.failed());
  if (!whole.failed()) {
    FUZZ_CHECK(a.size() == b.size());
    for (qsizetype i = 0; i < a.size(); ++i) FUZZ_CHECK(a[i].data == b[i].data && a[i].type == b[i].type);
  }
  QString err;
  for (const SseEvent& e : a) (void)parse_chat_chunk(e.data, &err);
  if (auto m = parse_models(bytes, &err)) {
    FUZZ_CHECK(!m->isEmpty());
    (void)vllm_adapters(*m, m->first().id);
    (void)detect_kind(*m);
  }
  if (auto l = parse_lora_adapters(bytes, &err))
    for (const auto& x : *l) FUZZ_CHECK(x.id >= 0 && is_remote_adapter_path(x.key));
  (void)parse_chat_completion(bytes, &err);
  qint64 prompt = 0;
  if (auto top = parse_top_logprobs(bytes, &err, &prompt)) {
    const LabelScores s = score_labels(*top, {QStringLiteral("safe"), QStringLiteral("unsafe"), QStringLiteral("un x")});
    double sum = 0;
    for (double p : s.probs) {
      FUZZ_CHECK(std::isfinite(p) && p >= 0 && p <= 1);
      sum += p;
    }
    FUZZ_CHECK(std::abs(sum - 1) < 1e-9);
  }
  (void)http_error_message(500, bytes);
  return 0;
}
