// The explicit cataloger table: adding an ecosystem means adding a row here.
#include "catalog/apk/apk.h"
#include "catalog/catalog.h"
#include "catalog/conda/conda.h"
#include "catalog/cpp/cpp.h"
#include "catalog/dart/dart.h"
#include "catalog/dotnet/dotnet.h"
#include "catalog/dpkg/dpkg.h"
#include "catalog/elixir/elixir.h"
#include "catalog/golang/golang.h"
#include "catalog/java/java.h"
#include "catalog/julia/julia.h"
#include "catalog/lockfile_cataloger.h"
#include "catalog/node/node.h"
#include "catalog/php/php.h"
#include "catalog/python/python.h"
#include "catalog/rpm/rpm.h"
#include "catalog/ruby/ruby.h"
#include "catalog/rust/rust.h"
#include "catalog/swift/swift.h"

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
// Lockfiles read by one parser each: name, cache version, which files, parser, which scans. As Trivy splits
// them, lockfiles serve `drydock fs`; conda-meta records and Packages.props are what an image holds too.
constexpr auto kDeclared = CatalogScope::kDeclared;
const LockfileCataloger kPubspecLock{"pubspec-lock", "1", IsPubspecLock, ParsePubspecLock, kDeclared};
const LockfileCataloger kPackageResolved{"swift-package-resolved", "1", IsPackageResolved, ParsePackageResolved,
                                         kDeclared};
const LockfileCataloger kMixLock{"mix-lock", "1", IsMixLock, ParseMixLock, kDeclared};
const LockfileCataloger kConanLock{"conan-lock", "1", IsConanLock, ParseConanLock, kDeclared};
const LockfileCataloger kBunLock{"bun-lock", "1", IsBunLock, ParseBunLock, kDeclared};
const LockfileCataloger kCondaEnvironment{"conda-environment", "1", IsCondaEnvironment, ParseCondaEnvironment,
                                          kDeclared};
const LockfileCataloger kCondaMeta{"conda-meta", "1", IsCondaMeta, ParseCondaMeta, CatalogScope::kAll};
const LockfileCataloger kPackagesProps{"nuget-packages-props", "1", IsPackagesProps, ParsePackagesProps,
                                       CatalogScope::kAll};
const LockfileCataloger kSbtLock{"sbt-lock", "1", IsSbtLock, ParseSbtLock, kDeclared};
const LockfileCataloger kJuliaManifest{"julia-manifest", "1", IsJuliaManifest, ParseJuliaManifest, kDeclared};

const Cataloger* const kCatalogers[] = {
    &kDpkg,   &kApk,    &kRpm,     &kGoMod,        &kGoBinary,   &kCargoLock, &kCargoAuditable,   &kDotnet,
    &kJava,   &kPython, &kGemspec, &kGemfileLock,  &kNodeModules, &kNodeLock, &kComposerLock,    &kComposerInstalled,
    &kPubspecLock, &kPackageResolved, &kMixLock, &kConanLock, &kBunLock, &kCondaEnvironment, &kCondaMeta,
    &kPackagesProps, &kSbtLock, &kJuliaManifest};

}  // namespace

std::span<const Cataloger* const> PackageCatalogers() { return kCatalogers; }

}  // namespace drydock
