// Archives are read from memory with libarchive's zip reader. Only three kinds of member are read at all:
// pom.properties, the manifest, and nested archives; every byte inflated counts against one budget shared
// by the whole nest, so a zip bomb or a 50-deep nest costs bounded time and memory.
#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <string>
#include <vector>

#include "catalog/java/java.h"

namespace drydock {
namespace {

bool IsArchiveName(std::string_view name) {
  return name.ends_with(".jar") || name.ends_with(".war") || name.ends_with(".ear") || name.ends_with(".par");
}

std::map<std::string, std::string> ParseProperties(std::string_view text) {
  std::map<std::string, std::string> out;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty() || line.front() == '#' || line.front() == '!') continue;
    const std::size_t eq = line.find_first_of("=:");
    if (eq == std::string_view::npos) continue;
    std::string_view key = line.substr(0, eq), value = line.substr(eq + 1);
    while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    out.emplace(std::string(key), std::string(value));
  }
  return out;
}

Package Maven(std::string name, std::string version, std::string path) {
  Package p;
  p.name = std::move(name);
  p.version = std::move(version);
  p.ecosystem = "maven";
  p.path = std::move(path);
  return p;
}

// The manifest's best guess at "group:artifact" and version, or nullopt when it names no version.
std::optional<Package> FromManifest(std::string_view text, const std::string& path) {
  const auto fields = ParseManifest(text);
  auto get = [&](std::string_view key) {
    auto it = fields.find(key);
    return it == fields.end() ? std::string() : it->second;
  };
  std::string version = get("Implementation-Version");
  if (version.empty()) version = get("Bundle-Version");
  std::string artifact = get("Bundle-SymbolicName");
  artifact = artifact.substr(0, artifact.find(';'));  // "org.foo;singleton:=true"
  if (artifact.empty()) artifact = get("Implementation-Title");
  if (version.empty() || artifact.empty()) return std::nullopt;
  const std::string group = get("Implementation-Vendor-Id");
  return Maven(group.empty() ? artifact : group + ":" + artifact, version, path);
}

// "log4j-api-2.14.jar" -> ("log4j-api", "2.14"): the last '-' followed by a digit splits name and version.
std::optional<Package> FromFileName(const std::string& path) {
  std::string_view base = path;
  base = base.substr(base.rfind('!') == std::string_view::npos ? 0 : base.rfind('!') + 1);
  base = base.substr(base.rfind('/') == std::string_view::npos ? 0 : base.rfind('/') + 1);
  if (base.size() < 5) return std::nullopt;
  base.remove_suffix(4);
  for (std::size_t dash = base.rfind('-'); dash != std::string_view::npos && dash > 0; dash = base.rfind('-', dash - 1)) {
    if (dash + 1 < base.size() && base[dash + 1] >= '0' && base[dash + 1] <= '9') {
      return Maven(std::string(base.substr(0, dash)), std::string(base.substr(dash + 1)), path);
    }
  }
  return std::nullopt;
}

struct Walk {
  std::uint64_t inflated = 0;
  ParsedPackages out;
};

// Reads the current member whole, charging `walk.inflated`; an Error past either limit.
Result<std::string> ReadMember(archive* a, Walk& walk) {
  std::string data;
  char buffer[1 << 16];
  for (;;) {
    const la_ssize_t n = archive_read_data(a, buffer, sizeof(buffer));
    if (n < 0) return Fail("{}", archive_error_string(a) ? archive_error_string(a) : "unreadable member");
    if (n == 0) return data;
    walk.inflated += static_cast<std::uint64_t>(n);
    if (walk.inflated > kMaxJarInflatedBytes) return Fail("inflates past {} bytes (zip bomb?)", kMaxJarInflatedBytes);
    if (data.size() + static_cast<std::size_t>(n) > kMaxJarMemberBytes) {
      return Fail("member larger than {} bytes", kMaxJarMemberBytes);
    }
    data.append(buffer, static_cast<std::size_t>(n));
  }
}

Status WalkArchive(const std::string& path, std::string_view bytes, int depth, Walk& walk) {
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
  archive_read_support_format_zip(a.get());
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    return Fail("not a zip archive: {}", archive_error_string(a.get()) ? archive_error_string(a.get()) : "");
  }
  std::vector<Package> from_poms;
  std::optional<Package> from_manifest;
  for (;;) {
    archive_entry* entry = nullptr;
    const int rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      return Fail("corrupt zip: {}", archive_error_string(a.get()) ? archive_error_string(a.get()) : "");
    }
    const char* raw = archive_entry_pathname(entry);
    const std::string name = raw ? raw : "";
    const bool pom = name.starts_with("META-INF/maven/") && name.ends_with("/pom.properties");
    const bool manifest = name == "META-INF/MANIFEST.MF";
    const bool nested = IsArchiveName(name);
    if (!pom && !manifest && !nested) continue;
    auto data = ReadMember(a.get(), walk);
    if (!data) {
      if (walk.inflated > kMaxJarInflatedBytes) return Rewrap(data.error(), "{}", path);
      walk.out.skipped.push_back(fmt::format("{}!{}: {}", path, name, data.error().message));
      continue;
    }
    if (pom) {
      auto props = ParseProperties(*data);
      if (props["groupId"].empty() || props["artifactId"].empty() || props["version"].empty()) {
        walk.out.skipped.push_back(fmt::format("{}!{}: no groupId, artifactId or version", path, name));
        continue;
      }
      from_poms.push_back(Maven(props["groupId"] + ":" + props["artifactId"], props["version"], path));
    } else if (manifest) {
      from_manifest = FromManifest(*data, path);
    } else if (depth + 1 > kMaxJarNestingDepth) {
      walk.out.skipped.push_back(fmt::format("{}!{}: nested more than {} archives deep; not opened", path, name,
                                             kMaxJarNestingDepth));
    } else if (Status inner = WalkArchive(path + "!" + name, *data, depth + 1, walk); !inner) {
      if (walk.inflated > kMaxJarInflatedBytes) return inner;
      walk.out.skipped.push_back(fmt::format("{}!{}: {}", path, name, inner.error().message));
    }
  }
  // pom.properties names the artifact exactly; the manifest is only a guess, used when no pom is there.
  if (!from_poms.empty()) {
    for (Package& p : from_poms) walk.out.packages.push_back(std::move(p));
  } else if (from_manifest) {
    walk.out.packages.push_back(std::move(*from_manifest));
  } else if (auto guessed = FromFileName(path)) {
    walk.out.packages.push_back(std::move(*guessed));  // last resort: the file's own name
  } else {
    walk.out.skipped.push_back(fmt::format("{}: no pom.properties, manifest version or versioned name", path));
  }
  return {};
}

}  // namespace

Result<ParsedPackages> ParseJar(std::string_view path, std::string_view bytes) {
  Walk walk;
  if (Status walked = WalkArchive(std::string(path), bytes, 0, walk); !walked) {
    return std::unexpected(walked.error());
  }
  return std::move(walk.out);
}

}  // namespace drydock
