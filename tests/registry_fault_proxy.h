// A one-connection-at-a-time HTTP proxy in front of a real registry that misbehaves on purpose: server
// errors before succeeding, a bearer-token challenge, blobs redirected elsewhere, or a server that accepts
// and never answers.
#pragma once

#include <atomic>
#include <string>
#include <thread>

namespace drydock::e2e {

struct FaultRules {
  int fail_first = 0;          // answer this many repository requests (/v2/<name>/...) with fail_status
  int fail_status = 500;
  std::string retry_after;     // a Retry-After value sent with those failures, when set
  std::string bearer_token;    // when set, /v2/ requests need "Authorization: Bearer <it>" from /token
  bool hang = false;           // read each repository request, then never answer
  bool redirect_blobs = false;  // answer blob GETs with 307 to the registry itself, as S3-backed ones do
  // Page tags/list as the distribution spec says (Debian's docker-registry 2.8 sends every tag at once): tags
  // sorted, those after ?last=, at most min(?n=, tags_page) of them, and a Link to the next page while any
  // remain. 0 = pass tags/list through.
  int tags_page = 0;
  std::string tags_link;  // when set, every paged answer sends this Link value instead of the right one
  std::string manifest_body;    // when set, every /manifests/ request gets this as an OCI image index
  // The Content-Type sent with manifest_body; empty sends only the generic application/json.
  std::string manifest_type = "application/vnd.oci.image.index.v1+json";
  std::string fail_body = R"({"errors":[{"code":"INJECTED"}]})";  // the body of each injected failure
};

class FaultProxy {
 public:
  FaultProxy(int upstream_port, FaultRules rules);
  ~FaultProxy();  // stops serving and joins the thread
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  int port() const { return port_; }
  int failures_sent() const { return failures_sent_; }
  int tokens_issued() const { return tokens_issued_; }
  int redirects_sent() const { return redirects_sent_; }
  int tag_pages_sent() const { return tag_pages_sent_; }

 private:
  void Serve();
  void Handle(int client);
  // The upstream registry's whole answer to `request` (one request, connection closed after it).
  std::string Forward(const std::string& request);
  void PageTags(int client, const std::string& request, const std::string& path);

  int upstream_port_;
  FaultRules rules_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> failures_sent_{0}, tokens_issued_{0}, redirects_sent_{0}, tag_pages_sent_{0};
  std::thread thread_;
};

}  // namespace drydock::e2e
