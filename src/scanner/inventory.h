// The inventory stage: merged layers -> distro and packages, each package tagged with its origin layer.
#pragma once

#include <cstddef>
#include <vector>

#include "drydock/report.h"
#include "layers/merged_view.h"
#include "source/image.h"

namespace drydock {

// True for every path the distro detector or a cataloger needs captured.
bool InventoryWants(std::string_view path);

struct Inventory {
  Distro distro;
  std::vector<Package> packages;  // sorted by ecosystem, name, version, arch; ids unique
  std::vector<ScanError> errors;
};

// `view` must have been built from `image.layers`, in order. Files are parsed on up to `threads` threads; the
// result does not depend on how many.
Inventory TakeInventory(const MergedView& view, const Image& image, std::size_t threads);

}  // namespace drydock
