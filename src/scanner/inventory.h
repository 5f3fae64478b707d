// The inventory stage: merged layers -> distro and packages, each package tagged with its origin layer.
#pragma once

#include <cstddef>
#include <vector>

#include "drydock/report.h"
#include "layers/merged_view.h"
#include "source/image.h"

namespace drydock {

// True for every path the distro detector or a cataloger serving this kind of scan needs captured; `project`
// as for TakeInventory (an fs scan does not hold node_modules' package.json files in memory, an image scan no
// lockfiles).
bool InventoryWants(std::string_view path, bool project = false);

struct Inventory {
  Distro distro;
  PackageTable packages;  // sorted by ecosystem, name, version, arch; ids unique
  std::vector<ScanError> errors;
};

// `view` must have been built from `image.layers`, in order. Files are parsed on up to `threads` threads; the
// result does not depend on how many. `project` is true for a source tree (`drydock fs`): lockfile catalogers run
// instead of installed-package ones (see CatalogScope).
Inventory TakeInventory(const MergedView& view, const Image& image, std::size_t threads, bool project = false);

}  // namespace drydock
