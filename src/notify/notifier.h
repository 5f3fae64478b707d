// The delivery loop: turns new outbox events into deliveries (one transaction with the fan-out cursor), then
// sends each endpoint's oldest due delivery, signed, and records the attempt. At least once: a delivery is
// marked only after its answer, so a crash (even kill -9) between the two sends it again after the restart, with
// the same webhook-id for the receiver to dedupe on. Runs on its own thread; several server processes sharing a
// store coordinate through the store (the cursor move is compare-and-set; deliveries are leased).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>

#include "drydock/error.h"
#include "notify/address_guard.h"
#include "store/store.h"

namespace drydock {

struct NotifierConfig {
  std::chrono::milliseconds poll{500};     // how often the outbox is looked at when nobody nudges
  std::chrono::milliseconds lease{60000};  // a delivery being sent is not claimed again for this long
  std::size_t batch = 500;                 // events fanned out per transaction
  std::function<void(std::string_view)> log;  // one line per failed attempt; never a secret, a body or a URL path
  WebhookAddressPolicy addresses;          // where endpoints may be reached (default: public addresses only)
};

class Notifier {
 public:
  Notifier(Store& store, NotifierConfig config) : store_(store), config_(std::move(config)) {}
  ~Notifier() { Stop(); }
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  void Start();
  void Stop();   // waits for the attempts in flight
  void Nudge();  // something was appended or made due: look now

  // One round, for the loop and for tests: fan out, then send what is due. Returns the attempts made.
  Result<int> RunOnce();

 private:
  Status FanOut();
  Result<int> SendDue();
  void Loop(std::stop_token stop);

  Store& store_;
  NotifierConfig config_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  bool nudged_ = false;
  std::jthread thread_;
};

// "https://host:port" of a URL: what logs may say about an endpoint (paths and queries can be credentials:
// a Slack webhook URL is one).
std::string UrlOrigin(std::string_view url);

}  // namespace drydock
