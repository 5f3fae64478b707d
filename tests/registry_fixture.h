// A real docker-registry (Debian's) on 127.0.0.1 for end-to-end tests: own config, storage and free port,
// optional htpasswd auth and TLS; stopped by its PID when destroyed.
#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>

namespace drydock::e2e {

inline const std::string kRepository = "drydock-test/debian12-app";
inline const std::string kUser = "alice", kPassword = "pw-Never-Printed-7";

struct RegistrySetup {
  bool with_auth = false;  // htpasswd basic auth for kUser / kPassword
  bool with_tls = false;   // HTTPS with a certificate for 127.0.0.1 signed by a CA made for this registry
  // Push notifications (the registry's `notifications` section): POSTed to notify_url with
  // "Authorization: Bearer <notify_token>" when set.
  std::string notify_url, notify_token;
};

int FreePort();
bool Accepts(int port);

class Registry {
 public:
  Registry(const std::string& name, RegistrySetup setup = {});
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  bool Up() const;
  int port() const { return port_; }
  std::string Host() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string Reference(const std::string& tag, const std::string& repository = kRepository) const {
    return Host() + "/" + repository + ":" + tag;
  }
  std::string CaCert() const { return dir_ + "/ca.pem"; }  // only with_tls
  // skopeo copy of `source` (a skopeo transport:path, default the Debian app image) to `tag`.
  void Push(const std::string& tag, const std::string& creds = "", const std::string& source = "",
            const std::string& repository = kRepository, bool all = false) const;
  std::string BlobFile(const std::string& digest) const;

 private:
  void WriteConfig(const RegistrySetup& setup) const;
  void MakeCertificates() const;

  int port_;
  pid_t pid_ = 0;
  std::string dir_;
};

// `drydock image ARGS --skip-db -f json -q`, parsed; a failed scan fails the test and gives {}.
nlohmann::json ScanJson(const std::string& args);

// The Debian app image as skopeo reads it.
std::string DebianAppSource();

}  // namespace drydock::e2e
