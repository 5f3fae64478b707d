// drydock config: the built-in Dockerfile and Kubernetes checks on files, outside any image.
#pragma once

#include <string>
#include <vector>

#include "drydock/error.h"
#include "drydock/report.h"

namespace drydock {

// A report of artifact type "config" (named after the first file) whose misconfigurations are every failed
// check of every file, in file order. An unreadable or malformed file is an Error naming it.
Result<ScanReport> CheckConfigFiles(const std::vector<std::string>& files);

}  // namespace drydock
