// The explicit cataloger table: adding an ecosystem means adding a row here.
#include "catalog/apk/apk.h"
#include "catalog/catalog.h"
#include "catalog/dotnet/dotnet.h"
#include "catalog/dpkg/dpkg.h"
#include "catalog/golang/golang.h"
#include "catalog/java/java.h"
#include "catalog/node/node.h"
#include "catalog/php/php.h"
#include "catalog/python/python.h"
#include "catalog/rpm/rpm.h"
#include "catalog/ruby/ruby.h"
#include "catalog/rust/rust.h"

namespace drydock {
namespace {

const DpkgCataloger kDpkg;
const ApkCataloger kApk;
const RpmCataloger kRpm;
const GoModCataloger kGoMod;
const GoBinaryCataloger kGoBinary;
const CargoLockCataloger kCargoLock;
const CargoAuditableCataloger kCargoAuditable;
const DotnetCataloger kDotnet;
const JavaCataloger kJava;
const PythonCataloger kPython;
const GemspecCataloger kGemspec;
const GemfileLockCataloger kGemfileLock;
const NodeModulesCataloger kNodeModules;
const NodeLockCataloger kNodeLock;
const ComposerLockCataloger kComposerLock;
const ComposerInstalledCataloger kComposerInstalled;
const Cataloger* const kCatalogers[] = {
    &kDpkg,   &kApk,    &kRpm,     &kGoMod,        &kGoBinary,   &kCargoLock, &kCargoAuditable,   &kDotnet,
    &kJava,   &kPython, &kGemspec, &kGemfileLock,  &kNodeModules, &kNodeLock, &kComposerLock,    &kComposerInstalled};

}  // namespace

std::span<const Cataloger* const> PackageCatalogers() { return kCatalogers; }

}  // namespace drydock
