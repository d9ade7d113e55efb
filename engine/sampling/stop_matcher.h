#pragma once
// Ends generation at a stop string or a stop token (EOS), and decides how much streamed text is
// safe to show. Text that could still be the start of a stop string is held back until the next
// pieces decide it, and so is an incomplete UTF-8 sequence at the end (a token may carry half a
// character), so what is emitted never contains any part of a stop string nor a split character.
//
// Example, stop string "\nUser:": pieces "Hi", "!\n", "Us", "er:" emit "Hi", "!", "", then stop
// with the held "\nUs" + "er:" dropped. With pieces "Hi", "!\n", "Use", "d" the held "\nUse" is
// emitted with "d" once "\nUsed" can no longer become the stop string.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tramontane {

class StopMatcher {
 public:
  // Empty stop strings are ignored.
  explicit StopMatcher(std::vector<std::string> stop_strings, std::vector<int32_t> stop_tokens = {});

  struct Step {
    std::string text;      // to emit now (may be empty)
    bool stopped = false;  // generation is over; `text` is the last text to emit
    std::string matched;   // the stop string that completed ("" when a stop token ended it)
  };

  // The next token and its decoded text. A stop token ends generation: its own text is not
  // emitted, the text held back is. After a stop, feed() returns {"", true}.
  Step feed(int32_t token, std::string_view piece);
  // Text without a token (e.g. a whole answer streamed in parts).
  Step feed_text(std::string_view piece);
  // Generation ended for another reason (length limit, cancel): the text still held back.
  std::string flush();

  bool stopped() const { return stopped_; }
  size_t held_bytes() const { return held_.size(); }

 private:
  std::vector<std::string> stops_;
  std::vector<int32_t> stop_tokens_;
  std::string held_;  // text received but not emitted
  bool stopped_ = false;
};

}  // namespace tramontane
