// A curl easy handle inside its own multi handle, so the caller's Read() can run the transfer a step at a
// time on its own thread: no helper thread, no queue, and curl's pause holds back the socket when the
// layer walk is slower than the network.
#include "common/text.h"
#include "source/registry/transfer.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdio>
#include <cctype>
#include <cstring>
#include <mutex>

namespace drydock {
namespace {

constexpr long kMaxRedirects = 10;
constexpr int kPollMilliseconds = 1000;

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

struct Transfer::Curl {
  CURL* easy = nullptr;
  CURLM* multi = nullptr;
  curl_slist* headers = nullptr;
  std::FILE* upload = nullptr;
  char error[CURL_ERROR_SIZE] = {};
};

Transfer::Transfer() : curl_(std::make_unique<Curl>()) {}

Transfer::~Transfer() {
  if (curl_->multi != nullptr && curl_->easy != nullptr) curl_multi_remove_handle(curl_->multi, curl_->easy);
  if (curl_->easy != nullptr) curl_easy_cleanup(curl_->easy);
  if (curl_->multi != nullptr) curl_multi_cleanup(curl_->multi);
  curl_slist_free_all(curl_->headers);
  if (curl_->upload != nullptr) std::fclose(curl_->upload);
}

Result<std::unique_ptr<Transfer>> Transfer::Start(const HttpGet& request, const TransferOptions& options) {
  InitCurlOnce();
  std::unique_ptr<Transfer> t(new Transfer());
  t->url_ = request.url;
  Curl& c = *t->curl_;
  c.easy = curl_easy_init();
  c.multi = curl_multi_init();
  if (c.easy == nullptr || c.multi == nullptr) return Fail("GET {}: cannot initialise libcurl", request.url);
  for (const std::string& h : request.headers) c.headers = curl_slist_append(c.headers, h.c_str());
  curl_easy_setopt(c.easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c.easy, CURLOPT_HTTPHEADER, c.headers);
  curl_easy_setopt(c.easy, CURLOPT_PROTOCOLS_STR, "http,https");
  // Registries redirect blob GETs to object storage; curl drops our Authorization header on another host.
  curl_easy_setopt(c.easy, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c.easy, CURLOPT_MAXREDIRS, kMaxRedirects);
  curl_easy_setopt(c.easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c.easy, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
  curl_easy_setopt(c.easy, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes_per_second);
  curl_easy_setopt(c.easy, CURLOPT_LOW_SPEED_TIME, options.low_speed_seconds);
  curl_easy_setopt(c.easy, CURLOPT_TIMEOUT, options.max_seconds);
  curl_easy_setopt(c.easy, CURLOPT_NOSIGNAL, 1L);  // layers stream on several threads
  curl_easy_setopt(c.easy, CURLOPT_USERAGENT, "drydock/0.1");
  curl_easy_setopt(c.easy, CURLOPT_BUFFERSIZE, kReceiveBufferBytes);
  curl_easy_setopt(c.easy, CURLOPT_ERRORBUFFER, c.error);
  curl_easy_setopt(c.easy, CURLOPT_SSL_VERIFYPEER, options.verify_tls ? 1L : 0L);
  curl_easy_setopt(c.easy, CURLOPT_SSL_VERIFYHOST, options.verify_tls ? 2L : 0L);
  if (!options.ca_cert.empty()) curl_easy_setopt(c.easy, CURLOPT_CAINFO, options.ca_cert.c_str());
  if (!request.basic_user.empty()) {
    curl_easy_setopt(c.easy, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(c.easy, CURLOPT_USERNAME, request.basic_user.c_str());
    curl_easy_setopt(c.easy, CURLOPT_PASSWORD, request.basic_password.c_str());
  }
  if (auto sent = SetMethod(*t, request); !sent) return std::unexpected(sent.error());
  curl_easy_setopt(c.easy, CURLOPT_WRITEFUNCTION, &Transfer::OnBody);
  curl_easy_setopt(c.easy, CURLOPT_WRITEDATA, t.get());
  curl_easy_setopt(c.easy, CURLOPT_HEADERFUNCTION, &Transfer::OnHeader);
  curl_easy_setopt(c.easy, CURLOPT_HEADERDATA, t.get());
  curl_multi_add_handle(c.multi, c.easy);
  // The status is final once body bytes arrive (bodies of followed redirects are never delivered) or the
  // transfer ends.
  while (t->buffer_.empty() && !t->done_ && !t->paused_) {
    if (auto pumped = t->Pump(); !pumped) return std::unexpected(pumped.error());
  }
  // A body that broke off after some bytes arrived is still a response: Read() hands out those bytes, then
  // the error, so a caller can keep them (db update resumes from there).
  if (t->done_ && t->result_ != CURLE_OK && t->buffer_.empty()) {
    return FailWith(ErrorCode::kUnavailable, "GET {}: {}", request.url, c.error[0] != '\0' ? c.error : curl_easy_strerror(CURLcode(t->result_)));
  }
  curl_easy_getinfo(c.easy, CURLINFO_RESPONSE_CODE, &t->status_);
  return t;
}

Status Transfer::SetMethod(Transfer& t, const HttpGet& request) {
  Curl& c = *t.curl_;
  if (request.method.empty() || request.method == "GET") return {};
  if (request.method == "HEAD") {
    curl_easy_setopt(c.easy, CURLOPT_NOBODY, 1L);
    return {};
  }
  // No "Expect: 100-continue" round trip: registries answer the whole request anyway.
  c.headers = curl_slist_append(c.headers, "Expect:");
  curl_easy_setopt(c.easy, CURLOPT_HTTPHEADER, c.headers);
  if (!request.upload_file.empty()) {
    c.upload = std::fopen(request.upload_file.c_str(), "rb");
    if (c.upload == nullptr) return Fail("{}: cannot open {}", request.method, request.upload_file);
    std::fseek(c.upload, 0, SEEK_END);
    const long size = std::ftell(c.upload);
    std::fseek(c.upload, 0, SEEK_SET);
    curl_easy_setopt(c.easy, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c.easy, CURLOPT_READDATA, c.upload);  // curl's default read callback is fread
    curl_easy_setopt(c.easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(size));
  } else {
    t.request_body_ = request.body;
    curl_easy_setopt(c.easy, CURLOPT_POSTFIELDS, t.request_body_.data());
    curl_easy_setopt(c.easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t.request_body_.size()));
  }
  curl_easy_setopt(c.easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  return {};
}

Status Transfer::Pump() {
  int running = 0;
  if (CURLMcode code = curl_multi_perform(curl_->multi, &running); code != CURLM_OK) {
    return Fail("GET {}: {}", url_, curl_multi_strerror(code));
  }
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(curl_->multi, &left)) {
    if (msg->msg == CURLMSG_DONE) {
      done_ = true;
      result_ = msg->data.result;
    }
  }
  const bool got_bytes = !buffer_.empty() || out_size_ > 0;
  if (!done_ && !got_bytes && !paused_) curl_multi_poll(curl_->multi, nullptr, 0, kPollMilliseconds, nullptr);
  return {};
}

Result<std::size_t> Transfer::Read(char* buffer, std::size_t capacity) {
  if (buffer_pos_ == buffer_.size()) {
    buffer_.clear();
    buffer_pos_ = 0;
    out_ = buffer;
    out_capacity_ = capacity;
    out_size_ = 0;
    auto n = WaitForBody();
    out_ = nullptr;
    // Bytes went to the caller's buffer, or the transfer ended; else (capacity 0) they wait in buffer_.
    if (!n || *n > 0 || buffer_.empty()) return n;
  }
  std::size_t n = std::min(capacity, buffer_.size() - buffer_pos_);
  std::copy_n(buffer_.data() + buffer_pos_, n, buffer);
  buffer_pos_ += n;
  return n;
}

Result<std::size_t> Transfer::WaitForBody() {
  while (out_size_ == 0 && buffer_.empty()) {
    if (paused_) {
      paused_ = false;
      curl_easy_pause(curl_->easy, CURLPAUSE_CONT);  // may deliver the held-back bytes right here
      continue;
    }
    if (done_) {
      if (result_ == CURLE_OK) return 0;
      return Fail("GET {}: {}", url_,
                  curl_->error[0] != '\0' ? curl_->error : curl_easy_strerror(CURLcode(result_)));
    }
    if (auto pumped = Pump(); !pumped) return std::unexpected(pumped.error());
  }
  return out_size_;
}

Result<std::string> Transfer::ReadAll(std::size_t max_bytes) {
  std::string out;
  char chunk[1 << 14];
  for (;;) {
    auto n = Read(chunk, sizeof chunk);
    if (!n) return std::unexpected(n.error());
    if (*n == 0) return out;
    if (out.size() + *n > max_bytes) return Fail("GET {}: response larger than {} bytes", url_, max_bytes);
    out.append(chunk, *n);
  }
}

std::string Transfer::Header(const std::string& lower_name) const {
  auto it = headers_.find(lower_name);
  return it == headers_.end() ? std::string() : it->second;
}

std::size_t Transfer::OnBody(char* data, std::size_t size, std::size_t count, void* self) {
  auto* t = static_cast<Transfer*>(self);
  const std::size_t total = size * count;
  std::size_t taken = 0;
  if (t->out_ != nullptr) {  // a Read() is waiting: straight into its buffer
    taken = std::min(total, t->out_capacity_ - t->out_size_);
    std::memcpy(t->out_ + t->out_size_, data, taken);
    t->out_size_ += taken;
  }
  // Pausing hands the whole chunk back to curl, so only a chunk of which nothing was taken may pause.
  if (taken == 0 && t->buffer_.size() - t->buffer_pos_ >= kMaxBufferedBytes) {
    t->paused_ = true;
    return CURL_WRITEFUNC_PAUSE;  // curl keeps these bytes and offers them again after CURLPAUSE_CONT
  }
  t->buffer_.append(data + taken, total - taken);
  return total;
}

std::size_t Transfer::OnHeader(char* data, std::size_t size, std::size_t count, void* self) {
  auto* t = static_cast<Transfer*>(self);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    t->headers_.clear();  // a new response (after a redirect or 100-continue): keep only the final one's
  } else if (std::size_t colon = line.find(':'); colon != line.npos) {
    std::string name(Trim(line.substr(0, colon)));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    t->headers_[name] = std::string(Trim(line.substr(colon + 1)));
  }
  return size * count;
}

}  // namespace drydock
