// The package nouns every pipeline stage shares. Plain values: copyable, no ownership puzzles.
#pragma once

#include <string>
#include <vector>

namespace drydock {

// The operating system an image is built on, from os-release or a legacy release file.
struct Distro {
  std::string family;       // os-release ID: "alpine", "debian", "ubuntu", "wolfi", "chainguard", ...
  std::string version;      // VERSION_ID as written: "3.10.3", "12", "22.04"; empty for rolling distros
  std::string codename;     // VERSION_CODENAME when present: "bookworm"
  std::string pretty_name;  // PRETTY_NAME for reports

  bool empty() const { return family.empty(); }
  bool operator==(const Distro&) const = default;
};

// One installed package. Ecosystem names are DESIGN.md's: "deb", "apk", "rpm", "npm", "pypi", ...
struct Package {
  std::string id;              // stable within a report: "<ecosystem>:<name>@<version>[:<arch>]"
  std::string name;
  std::string version;
  std::string ecosystem;
  std::string source_name;     // OS packages: the source package (dpkg Source:, apk origin); else empty
  std::string source_version;  // when the source version differs from `version` (binNMUs); else empty
  std::string arch;
  // rpm packages built in a module stream: "name:stream" from MODULARITYLABEL ("perl-FCGI:0.78"); else empty.
  // Advisories for a module stream are matched only against packages of that stream.
  std::string module;
  std::string purl;
  std::vector<std::string> licenses;
  std::string layer_diff_id;   // the earliest layer in which this exact package appeared
  std::string path;            // the file it was found in: "var/lib/dpkg/status", "lib/apk/db/installed"
  bool dev = false;            // a development-only dependency, as the lockfile says (poetry "dev", Pipfile "develop")
  bool base = false;           // it came from the identified base image's layers

  bool operator==(const Package&) const = default;
};

}  // namespace drydock
