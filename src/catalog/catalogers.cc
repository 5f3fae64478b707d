// The explicit cataloger table: adding an ecosystem means adding a row here.
#include "catalog/apk/apk.h"
#include "catalog/catalog.h"
#include "catalog/dpkg/dpkg.h"
#include "catalog/golang/golang.h"
#include "catalog/rpm/rpm.h"

namespace drydock {
namespace {

const DpkgCataloger kDpkg;
const ApkCataloger kApk;
const RpmCataloger kRpm;
const GoModCataloger kGoMod;
const GoBinaryCataloger kGoBinary;
const Cataloger* const kCatalogers[] = {&kDpkg, &kApk, &kRpm, &kGoMod, &kGoBinary};

}  // namespace

std::span<const Cataloger* const> PackageCatalogers() { return kCatalogers; }

}  // namespace drydock
