#pragma once

#include <string>
#include <vector>

#include "drydock/error.h"
#include "drydock/report.h"

namespace drydock {

// A Dockerfile (any name not ending .yaml/.yml) or Kubernetes manifest, read with a size bound and checked.
Result<std::vector<Misconfiguration>> CheckConfigFile(const std::string& path);

}  // namespace drydock
