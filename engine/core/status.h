#pragma once
// Error handling across engine module boundaries: Expected<T> carries a value or an Error.
// Readers may throw Error internally and convert at their public edge (see try_call).
#include <string>
#include <utility>
#include <variant>
#include <stdexcept>

namespace tramontane {

// The kind decides the CLI exit code (ARCHITECTURE.md, "CLI contract").
enum class ErrorKind {
  Internal = 1,   // a bug or an unexpected system failure
  Usage = 2,      // wrong arguments
  BadInput = 3,   // a bad file or model: the message names the file and the problem
  Resource = 4,   // out of memory, no GPU when one was demanded
  Cancelled = 5,  // the caller's cancel flag stopped the operation (not a failure; runtime/)
};

struct Error {
  ErrorKind kind = ErrorKind::Internal;
  std::string message;
};

// Thrown inside a module, caught at its public edge and turned into an Expected.
class ErrorException : public std::runtime_error {
 public:
  explicit ErrorException(Error e) : std::runtime_error(e.message), error_(std::move(e)) {}
  const Error& error() const { return error_; }
 private:
  Error error_;
};

[[noreturn]] inline void throw_error(ErrorKind kind, std::string message) {
  throw ErrorException(Error{kind, std::move(message)});
}
[[noreturn]] inline void throw_bad_input(std::string message) {
  throw_error(ErrorKind::BadInput, std::move(message));
}

template <class T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : v_(std::move(value)) {}
  Expected(Error error) : v_(std::move(error)) {}

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { check(); return std::get<0>(v_); }
  const T& value() const& { check(); return std::get<0>(v_); }
  T&& value() && { check(); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  void check() const {
    if (!has_value()) throw ErrorException(std::get<1>(v_));
  }
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Expected<void> {
 public:
  Expected() = default;
  Expected(Error error) : error_(std::move(error)), ok_(false) {}
  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  void value() const { if (!ok_) throw ErrorException(error_); }
  const Error& error() const { return error_; }
 private:
  Error error_;
  bool ok_ = true;
};

using Status = Expected<void>;

// Runs f() and converts a thrown ErrorException (or std::bad_alloc) into an Error.
template <class F>
auto try_call(F&& f) -> Expected<decltype(f())> {
  try {
    if constexpr (std::is_void_v<decltype(f())>) {
      f();
      return {};
    } else {
      return f();
    }
  } catch (const ErrorException& e) {
    return e.error();
  } catch (const std::bad_alloc&) {
    return Error{ErrorKind::Resource, "out of memory"};
  }
}

}  // namespace tramontane
