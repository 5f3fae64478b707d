// The explicit cataloger table: adding an ecosystem means adding a row here.
#include "catalog/apk/apk.h"
#include "catalog/catalog.h"
#include "catalog/dpkg/dpkg.h"

namespace drydock {
namespace {

const DpkgCataloger kDpkg;
const ApkCataloger kApk;
const Cataloger* const kCatalogers[] = {&kDpkg, &kApk};

}  // namespace

std::span<const Cataloger* const> PackageCatalogers() { return kCatalogers; }

}  // namespace drydock
