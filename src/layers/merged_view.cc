#include "layers/merged_view.h"

#include <algorithm>

#include "common/path.h"

namespace drydock {
namespace {

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

MergedView::MergedView(std::vector<const LayerFiles*> layers) : layers_(std::move(layers)) {
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    for (const auto& [path, file] : layers_[i]->files) {
      if (!HiddenAbove(i, path)) top_[path] = i;  // a higher layer's copy overwrites a lower one's
    }
  }
}

// True when a layer above `layer` deletes `path`, one of its parents, or makes a parent opaque.
bool MergedView::HiddenAbove(std::size_t layer, std::string_view path) const {
  for (std::size_t j = layer + 1; j < layers_.size(); ++j) {
    const LayerFiles& above = *layers_[j];
    if (above.whiteouts.empty() && above.opaque_dirs.empty()) continue;
    if (Contains(above.whiteouts, path)) return true;
    for (std::string_view dir = ParentPath(path);; dir = ParentPath(dir)) {
      if (Contains(above.whiteouts, dir) || Contains(above.opaque_dirs, dir)) return true;
      if (dir.empty()) break;
    }
  }
  return false;
}

Result<std::optional<MergedView::Visible>> MergedView::Read(std::string_view path) const {
  std::string current(path);
  for (int hop = 0; hop <= kMaxLinkHops; ++hop) {
    auto it = top_.find(current);
    if (it == top_.end()) return std::nullopt;
    const std::size_t layer = it->second;
    const CapturedFile* file = &layers_[layer]->files.find(current)->second;
    // A hard link names an earlier entry of its own layer's tar, never a file of another layer. The walk
    // copies the target's bytes when it kept them; when it did not (the target is no path a cataloger reads,
    // as in a pnpm store, or is not in the layer at all) the file cannot be read, and saying so beats
    // silently losing a package or a whole package database.
    while (file->kind == CapturedFile::Kind::kHardlink && hop++ <= kMaxLinkHops) {
      auto target = layers_[layer]->files.find(file->data);
      if (target == layers_[layer]->files.end()) {
        return Fail("hard link to {}, whose bytes are not in the layer's walk (target not kept or missing)",
                    file->data);
      }
      current = file->data;
      file = &target->second;
    }
    if (file->kind == CapturedFile::Kind::kRegular) return Visible{&file->data, file, layer, current};
    if (file->kind == CapturedFile::Kind::kHardlink) break;
    current = file->data;
  }
  return Fail("{}: too many levels of links (loop?)", path);
}

std::vector<std::string> MergedView::VisiblePaths() const {
  std::vector<std::string> paths;
  paths.reserve(top_.size());
  for (const auto& [path, layer] : top_) paths.push_back(path);
  return paths;
}

std::vector<std::pair<std::size_t, const CapturedFile*>> MergedView::History(std::string_view path) const {
  std::vector<std::pair<std::size_t, const CapturedFile*>> versions;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    auto it = layers_[i]->files.find(path);
    if (it != layers_[i]->files.end() && it->second.kind == CapturedFile::Kind::kRegular) {
      versions.emplace_back(i, &it->second);
    }
  }
  return versions;
}

}  // namespace drydock
