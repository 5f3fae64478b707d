// When a scan must stop: its caller asked (std::stop_token), or its time ran out. Checked where a scan spends
// time (every read of a layer blob, between stages), so a stopped scan returns within a read's time.
#pragma once

#include <chrono>
#include <optional>
#include <stop_token>

#include "drydock/error.h"

namespace drydock {

class StopCheck {
 public:
  StopCheck() = default;
  StopCheck(std::stop_token token, std::optional<std::chrono::steady_clock::time_point> deadline)
      : token_(std::move(token)), deadline_(deadline) {}

  // A kCancelled or kDeadlineExceeded error once the scan must stop; success until then. Thread-safe.
  Status Check() const {
    if (token_.stop_requested()) return FailWith(ErrorCode::kCancelled, "scan cancelled");
    if (deadline_ && std::chrono::steady_clock::now() >= *deadline_) {
      return FailWith(ErrorCode::kDeadlineExceeded, "scan timed out");
    }
    return {};
  }
  bool Stopped() const { return !Check().has_value(); }

 private:
  std::stop_token token_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
};

}  // namespace drydock
