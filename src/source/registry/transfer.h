// One HTTP GET on libcurl, read as a pull stream: the caller's Read() drives the transfer, and curl is paused
// while the caller has not consumed what arrived, so memory stays bounded whatever the body's size.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "drydock/error.h"
#include "source/byte_reader.h"

namespace drydock {

inline constexpr std::size_t kMaxBufferedBytes = 1 << 20;    // body bytes held before curl is paused
// curl's receive buffer (its default is 16 KiB): one recv() and one write callback per 256 KiB of a layer
// rather than per 16 KiB, the size of the chunks the inflater asks for.
inline constexpr long kReceiveBufferBytes = 256 << 10;
inline constexpr long kConnectTimeoutSeconds = 15;
// A server trickling bytes is as good as hung: under 1 KiB/s averaged over kLowSpeedSeconds ends the
// transfer (1 B/s, the old floor, let a server sending one byte a second hold a scan forever). Time curl spends
// paused because the scan has not consumed the buffered bytes does not count as slow.
inline constexpr long kLowSpeedBytesPerSecond = 1024;
inline constexpr long kLowSpeedSeconds = 30;
// Whatever the speed, one transfer (a multi-GB layer included) ends after this long.
inline constexpr long kMaxTransferSeconds = 3600;
inline constexpr std::size_t kMaxErrorBodyBytes = 64 << 10;  // of a non-2xx body, kept for the message

struct TransferOptions {
  bool verify_tls = true;
  std::string ca_cert;            // PEM file; empty = the system store
  long low_speed_seconds = kLowSpeedSeconds;
  long low_speed_bytes_per_second = kLowSpeedBytesPerSecond;
  long max_seconds = kMaxTransferSeconds;  // overall deadline, connect to last byte
};

struct HttpGet {
  std::string url;
  std::vector<std::string> headers;  // "Name: value"; may carry an Authorization header, never logged
  std::string basic_user, basic_password;  // sent as HTTP basic auth by curl when user is set
  // Pushing to a registry: another method ("HEAD", "POST", "PUT") with a body from `body`, or streamed
  // from the file `upload_file` when set. Empty method = GET.
  std::string method;
  std::string body;
  std::string upload_file;
};

class Transfer final : public ByteReader {
 public:
  // Starts the GET and runs it until the final response's status is known (redirects are followed).
  // Transport failures (refused, TLS, timeout) are errors; any HTTP status is a Transfer.
  static Result<std::unique_ptr<Transfer>> Start(const HttpGet& request, const TransferOptions& options);
  ~Transfer() override;
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  long status() const { return status_; }
  // The final response's header, by lower-case name; empty when absent.
  std::string Header(const std::string& lower_name) const;
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override;
  // The whole body; an error when it exceeds `max_bytes`.
  Result<std::string> ReadAll(std::size_t max_bytes);

 private:
  struct Curl;
  Transfer();
  Status Pump();  // one round of curl work; sets done_ when the transfer ends
  // Runs curl until body bytes arrive (into out_, else buffer_) or the transfer ends; returns out_size_.
  Result<std::size_t> WaitForBody();
  static Status SetMethod(Transfer& t, const HttpGet& request);  // method and body of a non-GET request
  static std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* self);

  std::unique_ptr<Curl> curl_;
  std::string request_body_;  // kept alive while curl sends it
  std::string url_;  // for messages; never holds credentials (they travel in headers)
  std::string buffer_;  // body bytes that arrived while no Read() was waiting for them
  std::size_t buffer_pos_ = 0;
  // The buffer of the Read() in progress: OnBody writes there directly, so a body byte is copied once.
  char* out_ = nullptr;
  std::size_t out_capacity_ = 0, out_size_ = 0;
  bool paused_ = false;
  bool done_ = false;
  int result_ = 0;  // CURLcode when done_
  long status_ = 0;
  std::map<std::string, std::string> headers_;
};

}  // namespace drydock
