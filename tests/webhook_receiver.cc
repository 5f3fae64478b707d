#include "webhook_receiver.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <sstream>

#include "registry_fixture.h"

namespace drydock::e2e {

WebhookReceiver::WebhookReceiver(int port) : port_(port == 0 ? FreePort() : port) {
  server_.Post(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex_);
    int status = 200;
    if (auto& queue = script_[req.path]; !queue.empty()) {
      status = queue.front();
      queue.erase(queue.begin());
    }
    received_.push_back({.path = req.path,
                         .id = req.get_header_value("webhook-id"),
                         .timestamp = req.get_header_value("webhook-timestamp"),
                         .signature = req.get_header_value("webhook-signature"),
                         .content_type = req.get_header_value("Content-Type"),
                         .body = req.body,
                         .answered = status,
                         .at = std::chrono::steady_clock::now()});
    res.status = status;
    res.set_content(status == 200 ? "ok" : "try again", "text/plain");
  });
  // Bound before the constructor returns, so the port answers (or refuses nothing) from then on.
  if (server_.bind_to_port("127.0.0.1", port_)) thread_ = std::thread([this] { server_.listen_after_bind(); });
}

WebhookReceiver::~WebhookReceiver() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

void WebhookReceiver::Script(const std::string& path, std::vector<int> statuses) {
  std::lock_guard lock(mutex_);
  script_[path] = std::move(statuses);
}

std::vector<ReceivedWebhook> WebhookReceiver::Received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

bool WebhookReceiver::WaitFor(const std::function<bool(const std::vector<ReceivedWebhook>&)>& done,
                              int seconds) const {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (done(Received())) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done(Received());
}

bool VerifyStandardWebhook(const std::string& secret, const ReceivedWebhook& hook) {
  const std::string encoded = secret.substr(secret.find('_') + 1);
  std::string key(encoded.size(), '\0');
  const int decoded = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(key.data()),
                                      reinterpret_cast<const unsigned char*>(encoded.data()),
                                      static_cast<int>(encoded.size()));
  if (decoded < 0) return false;
  key.resize(static_cast<std::size_t>(decoded) - std::count(encoded.begin(), encoded.end(), '='));
  const std::string text = hook.id + "." + hook.timestamp + "." + hook.body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(text.data()),
       text.size(), mac, &size);
  std::string expected(4 * ((size + 2) / 3) + 1, '\0');
  expected.resize(static_cast<std::size_t>(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(expected.data()), mac,
                                                           static_cast<int>(size))));
  std::istringstream entries(hook.signature);
  for (std::string entry; entries >> entry;) {
    if (entry == "v1," + expected) return true;
  }
  return false;
}

}  // namespace drydock::e2e
