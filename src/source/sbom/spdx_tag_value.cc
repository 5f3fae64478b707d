// SPDX 2.x tag-value ("Tag: value" lines; multi-line values in <text>...</text>). Only what names packages is
// read: DocumentName, and per package (from one PackageName to the next) its SPDXID, purpose and purl
// ExternalRef.
#include <fmt/format.h>

#include "source/sbom/sbom_internal.h"

namespace drydock {
namespace {

struct TagValuePackage {
  std::size_t line = 0;
  std::string name, spdx_id, purpose, purl;
};

void Finish(const TagValuePackage& p, std::string_view file, SbomContents& out) {
  const std::string where = fmt::format("{}:{}: package {}", file, p.line, p.name);
  if (!p.purl.empty()) {
    AddPurl(where, p.purl, out, {});
  } else if (!IsArtifactOrOs(p.purpose, p.spdx_id)) {
    out.skipped.push_back(where + " has no purl");
  }
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

}  // namespace

bool IsSpdxTagValue(std::string_view text) {
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = Trim(text.substr(start, end - start));
    start = end + 1;
    if (line.empty() || line.starts_with('#')) continue;
    return line.starts_with("SPDXVersion:") && Trim(line.substr(12)).starts_with("SPDX-2.");
  }
  return false;
}

Result<SbomContents> ReadSpdxTagValue(std::string_view text, std::string_view file) {
  SbomContents out;
  out.format = "spdx";
  std::optional<TagValuePackage> package;
  std::size_t number = 0, count = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    ++number;
    const std::size_t line_number = number;
    std::string_view line = Trim(text.substr(start, end - start));
    start = end + 1;
    if (line.empty() || line.starts_with('#')) continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return Fail("{}:{}: not a \"Tag: value\" line", file, line_number);
    const std::string_view tag = Trim(line.substr(0, colon));
    std::string_view value = Trim(line.substr(colon + 1));
    if (value.starts_with("<text>")) {  // a value that may span lines, up to </text>
      const std::size_t value_start = static_cast<std::size_t>(value.data() - text.data()) + 6;
      const std::size_t close = text.find("</text>", value_start);
      if (close == std::string_view::npos) return Fail("{}:{}: <text> without </text>", file, line_number);
      for (std::size_t i = value_start; i < close; ++i) number += text[i] == '\n';
      value = text.substr(value_start, close - value_start);
      end = std::min(text.find('\n', close), text.size());
      start = end + 1;
    }
    if (tag == "DocumentName") {
      if (out.name.empty()) out.name = std::string(value);
    } else if (tag == "PackageName") {
      if (package) Finish(*package, file, out);
      if (++count > kMaxSbomComponents) return Fail("{}: more than {} packages", file, kMaxSbomComponents);
      package = TagValuePackage{.line = line_number, .name = std::string(value)};
    } else if (tag == "FileName" || tag == "SnippetSPDXID") {  // a file or snippet section ends the package
      if (package) Finish(*package, file, out);
      package.reset();
    } else if (package && tag == "SPDXID") {
      package->spdx_id = std::string(value);
    } else if (package && tag == "PrimaryPackagePurpose") {
      package->purpose = std::string(value);
    } else if (package && tag == "ExternalRef") {
      // "PACKAGE-MANAGER purl pkg:..." (SPDX 2.3 spells the category PACKAGE_MANAGER too).
      const std::size_t first = value.find(' ');
      const std::string_view rest = first == std::string_view::npos ? "" : Trim(value.substr(first + 1));
      const std::size_t second = rest.find(' ');
      if (second != std::string_view::npos && rest.substr(0, second) == "purl") {
        package->purl = std::string(Trim(rest.substr(second + 1)));
      }
    }
  }
  if (package) Finish(*package, file, out);
  return out;
}

}  // namespace drydock
