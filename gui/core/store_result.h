#pragma once
// StoreResult<T>: a value or a user-visible (translated) error message. The stores never throw;
// operations without a value return std::optional<QString> (nullopt on success, else the error).
#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace tramontane::gui {

struct StoreError {
  QString message;
};

template <class T>
class [[nodiscard]] StoreResult {
 public:
  StoreResult(T value) : v_(std::move(value)) {}
  StoreResult(StoreError error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Only valid when ok(); callers check first (std::get throws on misuse). On a temporary
  // result these return the value itself, so `for (x : store.list().value())` is safe.
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T value() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T operator*() && { return std::get<0>(std::move(v_)); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // Empty when ok().
  QString error() const { return ok() ? QString() : std::get<1>(v_).message; }

 private:
  std::variant<T, StoreError> v_;
};

}  // namespace tramontane::gui
