// A layer's cache entry in parts (layer_cache.h): cutting a full capture into parts and joining them back.
#include <fmt/core.h>

#include <algorithm>

#include "cache/layer_cache.h"
#include "cache/parsed_codec.h"
#include "catalog/catalog.h"

namespace drydock {
namespace {

// Bump when what the layer part records changes (whiteouts, opaque dirs, issues, counts).
constexpr std::string_view kLayerPartVersion = "1";
// Bump when IsDistroFile's path set changes: distro files are captured by the walk like cataloger files.
constexpr std::string_view kDistroFilesVersion = "1";

bool CachedAsParseResult(const Cataloger& c, std::string_view path, const CapturedFile& file) {
  return file.kind == CapturedFile::Kind::kRegular && !file.bytes_dropped &&
         file.data.size() >= kCacheParsedAboveBytes && c.ParsesAlone(path);
}

// What `part` keeps of one captured file: the file, or for a large one its cataloger parses on its own, the
// parse result in place of the bytes. Other catalogers' results stay out of the part.
CapturedFile PartCopy(const LayerCachePart& part, std::string_view path, const CapturedFile& file) {
  const Cataloger* c = part.cataloger;
  if (c == nullptr || !CachedAsParseResult(*c, path, file)) {
    CapturedFile copy{.kind = file.kind, .data = file.data, .bytes_dropped = file.bytes_dropped};
    // A file already without bytes (served from the cache) keeps its own result for this part.
    if (auto own = file.parsed.find(c != nullptr ? c->Name() : ""); file.bytes_dropped && own != file.parsed.end()) {
      copy.parsed.insert(*own);
    }
    return copy;
  }
  CapturedFile copy{.kind = file.kind, .bytes_dropped = true};
  auto attached = file.parsed.find(c->Name());
  copy.parsed.emplace(std::string(c->Name()), attached != file.parsed.end()
                                                  ? attached->second
                                                  : EncodeParsedPackages(ParseGuarded(*c, path, file.data)));
  return copy;
}

}  // namespace

std::vector<LayerCachePart> LayerCacheParts(const std::string& diff_id) {
  std::vector<LayerCachePart> parts;
  parts.push_back({fmt::format("{}|layer@{}", diff_id, kLayerPartVersion), nullptr});
  parts.push_back({fmt::format("{}|distro@{}", diff_id, kDistroFilesVersion), IsDistroFile});
  for (const Cataloger* c : PackageCatalogers()) {
    parts.push_back({fmt::format("{}|{}@{}", diff_id, c->Name(), c->Version()),
                     [c](std::string_view path) { return c->Required(path); }, c});
  }
  return parts;
}

void AttachParseResults(LayerFiles& files) {
  for (auto& [path, file] : files.files) {
    for (const Cataloger* c : PackageCatalogers()) {
      if (c->Required(path) && CachedAsParseResult(*c, path, file) && !file.parsed.contains(c->Name())) {
        file.parsed.emplace(std::string(c->Name()), EncodeParsedPackages(ParseGuarded(*c, path, file.data)));
      }
    }
  }
}

bool AllLayersCached(LayerCache& cache, const std::vector<std::string>& diff_ids) {
  std::vector<std::string> keys;
  for (const std::string& diff_id : diff_ids) {
    for (const LayerCachePart& part : LayerCacheParts(diff_id)) keys.push_back(part.key);
  }
  std::vector<bool> present = cache.ContainsMany(keys);
  return std::all_of(present.begin(), present.end(), [](bool p) { return p; });
}

std::optional<LayerFiles> LoadCachedLayer(LayerCache& cache, const std::string& diff_id) {
  std::vector<std::string> keys;
  for (const LayerCachePart& part : LayerCacheParts(diff_id)) keys.push_back(part.key);
  std::vector<std::optional<LayerFiles>> found = cache.GetMany(keys);
  if (found.empty() || !found[0]) return std::nullopt;
  LayerFiles joined = std::move(*found[0]);
  for (std::size_t i = 1; i < found.size(); ++i) {
    if (!found[i]) return std::nullopt;
    // A damaged parse result makes the layer a miss (read again), as a damaged entry does.
    for (const auto& [path, file] : found[i]->files) {
      for (const auto& [cataloger, result] : file.parsed) {
        if (!DecodeParsedPackages(result)) return std::nullopt;
      }
    }
    // A file two catalogers want is in both parts: one copy is kept, with the bytes if either part has them,
    // and each part's parse result.
    for (auto& [path, file] : found[i]->files) {
      auto [it, inserted] = joined.files.try_emplace(path, std::move(file));
      if (inserted) continue;
      if (it->second.bytes_dropped && !file.bytes_dropped) {
        it->second.data = std::move(file.data);
        it->second.bytes_dropped = false;
      }
      it->second.parsed.merge(file.parsed);
    }
  }
  return joined;
}

Result<std::size_t> StoreCachedLayer(LayerCache& cache, const std::string& diff_id, const LayerFiles& files) {
  std::vector<LayerCachePart> parts = LayerCacheParts(diff_id);
  std::vector<std::string> keys;
  for (const LayerCachePart& part : parts) keys.push_back(part.key);
  std::vector<bool> present = cache.ContainsMany(keys);
  std::vector<std::pair<std::string, LayerFiles>> missing;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (present[i]) continue;
    LayerFiles part;
    if (!parts[i].holds) {
      part = LayerFiles{.whiteouts = files.whiteouts, .opaque_dirs = files.opaque_dirs, .issues = files.issues,
                        .entries = files.entries, .uncompressed_bytes = files.uncompressed_bytes};
    } else {
      for (const auto& [path, file] : files.files) {
        if (parts[i].holds(path)) part.files.emplace(path, PartCopy(parts[i], path, file));
      }
    }
    missing.emplace_back(std::move(keys[i]), std::move(part));
  }
  if (Status put = cache.PutMany(missing); !put) return std::unexpected(put.error());
  return missing.size();
}

}  // namespace drydock
