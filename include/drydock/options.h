#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace drydock {

// How to reach an image named by a registry reference. Credentials are never printed, logged or reported.
struct RegistryOptions {
  std::string username, password;  // basic auth, or the credentials a bearer-token realm is asked with
  std::string platform;            // "os/arch[/variant]" picked from an index; empty = linux/amd64
  std::string ca_cert;             // PEM bundle trusted instead of the system store; empty = system store
  bool insecure = false;           // plain HTTP, or HTTPS without certificate checks
};

struct ScanOptions {
  std::string target;                   // "file.tar[.gz]", "oci:DIR[:tag]", "oci:FILE.tar[:tag]"
  std::string db_path;                  // compiled DB; empty = scan packages only
  std::vector<std::string> severities;  // keep only these (upper case); empty = all
  bool ignore_unfixed = false;          // drop findings without a fixed version
  std::size_t max_threads = 0;          // 0 = hardware concurrency
  RegistryOptions registry;             // used when target is a registry reference
  std::vector<std::string> ignore_statuses;  // drop findings with these statuses ("affected", "will_not_fix")
  std::string ignore_file;                   // .drydockignore text, or YAML when it ends in .yaml/.yml; "" = none
  std::vector<std::string> vex_files;        // OpenVEX or CycloneDX VEX documents
};

}  // namespace drydock
