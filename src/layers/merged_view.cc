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
    const CapturedFile& file = layers_[it->second]->files.find(current)->second;
    if (file.kind == CapturedFile::Kind::kRegular) return Visible{&file.data, &file, it->second, current};
    current = file.data;
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
