// Test helper: files read from a real image in the shared third-party test data (never copied into the repo),
// for tests that check a parser against what an image really holds.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "layers/layer_walk.h"
#include "layers/merged_view.h"
#include "source/image.h"

namespace drydock {

// Each layer's files that `wanted` selects, base layer first, from image DRYDOCK_TESTDATA/`relative`. Fails the
// current test (and returns what it has) when the image cannot be read.
inline std::vector<LayerFiles> TestImageLayers(std::string_view relative, const PathFilter& wanted) {
  std::mutex mu;
  std::map<std::string, LayerFiles> by_digest;
  auto image = WalkImage(
      std::string(DRYDOCK_TESTDATA) + "/" + std::string(relative),
      [&](const ImageLayer& layer, ByteReader& blob) -> Result<std::string> {
        LayerFiles files;
        auto diff_id = WalkLayer(blob, wanted, files);
        std::lock_guard lock(mu);
        by_digest[layer.digest] = std::move(files);
        return diff_id;
      },
      1);
  EXPECT_TRUE(image.has_value()) << relative << ": " << image.error().message;
  std::vector<LayerFiles> layers;
  if (!image) return layers;
  for (const ImageLayer& layer : image->layers) layers.push_back(std::move(by_digest[layer.digest]));
  return layers;
}

// The layers as MergedView takes them (they must outlive the view).
inline std::vector<const LayerFiles*> LayerPointers(const std::vector<LayerFiles>& layers) {
  std::vector<const LayerFiles*> out;
  for (const LayerFiles& layer : layers) out.push_back(&layer);
  return out;
}

// The bytes of `path` in the debian12-app image, from the layer that wrote it last; fails the current test
// when no layer holds it.
inline std::string Debian12AppFile(std::string_view path) {
  const std::vector<LayerFiles> layers =
      TestImageLayers("images/debian12-app.oci.tar", [&](std::string_view p) { return p == path; });
  std::string found;
  for (const LayerFiles& layer : layers) {
    if (auto it = layer.files.find(path); it != layer.files.end()) found = it->second.data;
  }
  EXPECT_FALSE(found.empty()) << path;
  return found;
}

}  // namespace drydock
