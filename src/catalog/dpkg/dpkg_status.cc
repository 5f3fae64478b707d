#include <array>
#include <optional>
#include <string>

#include "catalog/dpkg/dpkg.h"
#include "catalog/dpkg/stanza.h"

namespace drydock {
namespace {

// dpkg's package states (dpkg-query(1)); the last two leave no package files behind.
constexpr std::array<std::string_view, 6> kStatesWithFiles = {
    "installed", "half-installed", "unpacked", "half-configured", "triggers-awaited", "triggers-pending"};
constexpr std::array<std::string_view, 2> kStatesWithoutFiles = {"not-installed", "config-files"};

template <std::size_t N>
bool OneOf(std::string_view word, const std::array<std::string_view, N>& words) {
  for (std::string_view w : words) {
    if (w == word) return true;
  }
  return false;
}

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  while (true) {
    const std::size_t start = text.find_first_not_of(" \t\n");
    if (start == std::string_view::npos) return words;
    text.remove_prefix(start);
    const std::size_t end = text.find_first_of(" \t\n");
    words.push_back(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end);
  }
}

// "Source: util-linux (2.38.1-5)" names the source package and, when it differs from the binary's version
// (binNMUs, epochs added on one side), the source version.
Status SetSource(std::string_view source, Package& package) {
  const std::size_t open = source.find('(');
  const std::string_view name = TrimBlanks(source.substr(0, open));
  if (auto ok = CheckIdentifier("Source", name); !ok) return ok;
  package.source_name = std::string(name);
  if (open == std::string_view::npos) return {};
  const std::size_t close = source.find(')', open);
  if (close == std::string_view::npos || !TrimBlanks(source.substr(close + 1)).empty()) {
    return Fail("Source {:?} is not \"name (version)\"", source.substr(0, kMaxIdentifierBytes));
  }
  const std::string_view version = TrimBlanks(source.substr(open + 1, close - open - 1));
  if (auto ok = CheckIdentifier("Source version", version); !ok) return ok;
  if (version != package.version) package.source_version = std::string(version);
  return {};
}

// The package a stanza describes, or nullopt when its files are not on disk.
Result<std::optional<Package>> StanzaPackage(const Stanza& stanza) {
  const std::string* name = stanza.Find("Package");
  if (name == nullptr) return Fail("no Package field");
  if (auto ok = CheckIdentifier("Package", *name); !ok) return std::unexpected(ok.error());
  if (const std::string* status = stanza.Find("Status")) {
    auto on_disk = DpkgFilesOnDisk(*status);
    if (!on_disk) return Rewrap(on_disk.error(), "package {}", *name);
    if (!*on_disk) return std::nullopt;
  }
  Package package{.name = *name, .ecosystem = "deb"};
  const std::string* version = stanza.Find("Version");
  if (version == nullptr) return Fail("package {}: no Version field", *name);
  if (auto ok = CheckIdentifier("Version", *version); !ok) return Rewrap(ok.error(), "package {}", *name);
  package.version = *version;
  if (const std::string* arch = stanza.Find("Architecture")) {
    if (auto ok = CheckIdentifier("Architecture", *arch); !ok) return Rewrap(ok.error(), "package {}", *name);
    package.arch = *arch;
  }
  const std::string* source = stanza.Find("Source");
  if (auto ok = SetSource(source ? *source : *name, package); !ok)
    return Rewrap(ok.error(), "package {}", *name);
  return package;
}

}  // namespace

Result<bool> DpkgFilesOnDisk(std::string_view status) {
  const std::vector<std::string_view> words = Words(status);
  if (words.size() != 3) return Fail("Status {:?} is not three words", status.substr(0, kMaxIdentifierBytes));
  if (OneOf(words[2], kStatesWithFiles)) return true;
  if (OneOf(words[2], kStatesWithoutFiles)) return false;
  return Fail("unknown package state {:?}", words[2].substr(0, kMaxIdentifierBytes));
}

Result<ParsedPackages> ParseDpkgStatus(std::string_view bytes, std::string_view path) {
  return ParseRecords(bytes, kMaxStatusFileBytes, "stanza", [&](const Record& record) -> Result<std::optional<Package>> {
    auto stanza = ParseStanza(record);
    if (!stanza) return std::unexpected(stanza.error());
    auto package = StanzaPackage(*stanza);
    if (package && *package) (*package)->path = std::string(path);
    return package;
  });
}

}  // namespace drydock
