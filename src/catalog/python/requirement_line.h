// Line-level pieces of the requirements.txt reader (private to catalog/python).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "catalog/catalog.h"

namespace drydock {

// pip: '#' starts a comment at the line start or after whitespace ("pkg==1#x" keeps the '#').
std::string_view CutComment(std::string_view line);

// Surrounding spaces, tabs and CRs removed.
std::string_view TrimRequirementSpace(std::string_view s);

// The file named by "-r F", "-rF", "--requirement F" or "--requirement=F"; nullopt for other lines.
std::optional<std::string_view> IncludedFile(std::string_view line);

// pip decodes by BOM (Windows editors save UTF-16). Requirement syntax is ASCII, so UTF-16 code units above
// 0x7f become '?' and only spoil the line they are on.
std::string DecodeRequirementsText(std::string_view bytes);

// One requirement ("Name[extras] == 1.2.3 ; markers --hash=..."): a pin is appended to out.packages with
// `path`; ranges, URLs and local archives add nothing. False for a line that is not a requirement at all.
bool AddRequirement(std::string_view line, std::string_view path, ParsedPackages& out);

}  // namespace drydock
