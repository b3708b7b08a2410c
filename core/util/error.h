#pragma once
// The one exception type of olis_core, and the expected<> alias used by I/O functions.
//
// Convention: functions that read user files (weights, images, YAML, JSON) return Expected<T>; model
// and job code throws olis::Error. Either way the message is written for a person: it names the file,
// the item and what was wrong. Exceptions never cross a thread boundary: jobs catch at their top.
#include <stdexcept>
#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace olis {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
  const std::string message() const { return what(); }
};

template <class T>
using Expected = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(std::string message) { return tl::unexpected<Error>(Error(std::move(message))); }

// Unwraps an Expected or throws its error.
template <class T>
T value_or_throw(Expected<T>&& e) {
  if (!e) throw e.error();
  return std::move(*e);
}

}  // namespace olis
