// Package-name normalisation shared by the DB builder (advisory side) and the matcher (package side), so a
// name spelled two ways on the two sides still meets.
#pragma once

#include <string>
#include <string_view>

namespace drydock {

// PEP 503: lowercase, and every run of '-', '_' and '.' becomes one '-' ("Jw.Util" -> "jw-util",
// "zope_interface" -> "zope-interface"). PyPI itself treats these spellings as one project.
std::string NormalizePypiName(std::string_view name);

}  // namespace drydock
