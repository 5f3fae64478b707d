#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace drydock {

struct ScanOptions {
  std::string target;                   // "file.tar[.gz]", "oci:DIR[:tag]", "oci:FILE.tar[:tag]"
  std::string db_path;                  // compiled DB; empty = scan packages only
  std::vector<std::string> severities;  // keep only these (upper case); empty = all
  bool ignore_unfixed = false;          // drop findings without a fixed version
  std::size_t max_threads = 0;          // 0 = hardware concurrency
};

}  // namespace drydock
