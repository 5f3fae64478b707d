// Core metadata of an installed distribution (PEP 566 / PEP 643): METADATA in *.dist-info, PKG-INFO in
// *.egg-info or an unzipped egg's EGG-INFO. An email-style header block; the body (after the first blank
// line) is the long description and is not read.
#include <string>

#include "catalog/python/python.h"
#include "common/package_name.h"
#include "common/text.h"

namespace drydock {
namespace {

// A License field is often the whole licence text; only a short one-line value names a licence.
constexpr std::size_t kMaxLicenseNameBytes = 100;

}  // namespace

Result<ParsedPackages> ParsePythonMetadata(std::string_view bytes) {
  if (bytes.size() > kMaxPythonLockBytes) {
    return Fail("metadata of {} bytes is over the {} byte limit", bytes.size(), kMaxPythonLockBytes);
  }
  std::string name, version, expression, license;
  std::vector<std::string> classifiers;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) nl = bytes.size();
    const std::string_view line = bytes.substr(pos, nl - pos);
    pos = nl + 1;
    if (Trim(line).empty()) break;                              // end of the header block
    if (line.front() == ' ' || line.front() == '\t') continue;  // a continuation of a long field
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view key = line.substr(0, colon), value = Trim(line.substr(colon + 1));
    if (key == "Name")
      name = value;
    else if (key == "Version")
      version = value;
    else if (key == "License-Expression")
      expression = value;
    else if (key == "License")
      license = value;
    else if (key == "Classifier" && value.starts_with("License :: ")) {
      classifiers.emplace_back(
          value.substr(value.rfind(" :: ") + 4));  // "... :: MIT License" -> "MIT License"
    }
  }
  if (name.empty() || version.empty()) return Fail("metadata has no Name or Version header");
  Package p;
  p.name = name;  // as written; PackageId and the matcher fold spellings
  p.version = version;
  p.ecosystem = "pypi";
  if (!expression.empty()) {
    p.licenses.push_back(expression);
  } else if (!license.empty() && license != "UNKNOWN" && license.size() <= kMaxLicenseNameBytes) {
    p.licenses.push_back(license);
  } else {
    p.licenses = std::move(classifiers);
  }
  ParsedPackages out;
  out.packages.push_back(std::move(p));
  return out;
}

}  // namespace drydock
