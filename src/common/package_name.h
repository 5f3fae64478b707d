// Package-name normalisation shared by the DB builder (advisory side) and the matcher (package side), so a
// name spelled two ways on the two sides still meets.
#pragma once

#include <string>
#include <string_view>

namespace drydock {

// PEP 503: lowercase, and every run of '-', '_' and '.' becomes one '-' ("Jw.Util" -> "jw-util",
// "zope_interface" -> "zope-interface"). PyPI itself treats these spellings as one project.
std::string NormalizePypiName(std::string_view name);

// The name an OSV ecosystem files a package under, for the DB builder (advisory side) and the matcher (package
// side) alike: PyPI names PEP 503-normalised; NuGet, Packagist, Pub, Hex and ConanCenter names lower-cased,
// since each registry treats every spelling of a name as one package ("Newtonsoft.Json" = "newtonsoft.json");
// SwiftURL names without a scheme or ".git" ("https://github.com/apple/swift-nio.git" ->
// "github.com/apple/swift-nio", as OSV spells them). Other ecosystems' names are returned as written.
std::string NormalizeOsvPackageName(std::string_view osv_ecosystem, std::string_view name);

// The module stream an rpm was built in, "name:stream", from a MODULARITYLABEL or a purl's rpmmod qualifier
// ("perl-FCGI:0.78:8100020250529111022:491cfe3d" or "python39-devel:3.9" -> "perl-FCGI:0.78"). Empty when the
// text has fewer than two fields or a field holds anything but letters, digits and "._+-" ("rhel10",
// "a b:c"): such a label names no stream a feed could file under.
std::string RpmModuleStream(std::string_view label);

// The DB package key of an rpm in a module stream, as Trivy keys them: ("perl-FCGI:0.78", "perl-FCGI") ->
// "perl-FCGI:0.78::perl-FCGI". Feeds file module advisories under it and the matcher looks modular rpms up
// by it alone, so a module's advisory never meets the non-modular package of the same name, nor the reverse.
std::string ModularPackageKey(std::string_view module_stream, std::string_view name);

}  // namespace drydock
