// The image's final filesystem, as far as catalogers need it: captured files from every layer, base first,
// with whiteouts and opaque directories applied and links followed inside the image.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "drydock/error.h"
#include "layers/layer_walk.h"

namespace drydock {

inline constexpr int kMaxLinkHops = 16;

class MergedView {
 public:
  // `layers` base first; they must outlive the view.
  explicit MergedView(std::vector<const LayerFiles*> layers);

  struct Visible {
    const std::string* bytes;  // owned by the LayerFiles; empty when file->bytes_dropped
    const CapturedFile* file;
    std::size_t layer;         // index of the layer it came from
    std::string path;          // where the bytes live after following links
  };
  // The regular file visible at `path`. nullopt when none is there (or a link dangles); an Error for a link
  // loop or chain longer than kMaxLinkHops.
  Result<std::optional<Visible>> Read(std::string_view path) const;

  // Every captured path visible in the final filesystem (files and links), sorted.
  std::vector<std::string> VisiblePaths() const;

  // Each layer's own regular-file version of `path`, base first, whether or not later layers changed it.
  std::vector<std::pair<std::size_t, const CapturedFile*>> History(std::string_view path) const;

 private:
  bool HiddenAbove(std::size_t layer, std::string_view path) const;

  std::vector<const LayerFiles*> layers_;
  std::map<std::string, std::size_t, std::less<>> top_;  // visible path -> layer holding it
};

}  // namespace drydock
