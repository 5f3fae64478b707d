// A webhook receiver for the end-to-end tests: an HTTP server on a loopback port (cpp-httplib, in a thread)
// that records every request and answers each path with scripted statuses (then 200), and checks Standard
// Webhooks signatures with its own HMAC (OpenSSL), independently of drydock's signing code.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace drydock::e2e {

struct ReceivedWebhook {
  std::string path, id, timestamp, signature, content_type, body;
  int answered = 0;  // the status the receiver answered with
  std::chrono::steady_clock::time_point at;
};

class WebhookReceiver {
 public:
  explicit WebhookReceiver(int port = 0);  // 0: a free port
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  int port() const { return port_; }
  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  // The next requests to `path` are answered with these statuses, in order; later ones with 200.
  void Script(const std::string& path, std::vector<int> statuses);
  std::vector<ReceivedWebhook> Received() const;
  // Waits until `done(received)` holds or `seconds` pass; returns whether it held.
  bool WaitFor(const std::function<bool(const std::vector<ReceivedWebhook>&)>& done, int seconds = 60) const;

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<int>> script_;
  std::vector<ReceivedWebhook> received_;
};

// Standard Webhooks verification: `secret` is "whsec_<base64>"; true when one of the space-separated "v1,<sig>"
// entries is the base64 HMAC-SHA256 of "id.timestamp.body" under the secret's key.
bool VerifyStandardWebhook(const std::string& secret, const ReceivedWebhook& hook);

}  // namespace drydock::e2e
