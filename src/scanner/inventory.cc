#include "scanner/inventory.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "catalog/catalog.h"

namespace drydock {
namespace {

// What makes two records the same package across layers.
std::string PackageKey(const Package& p) { return fmt::format("{}:{}@{}:{}", p.ecosystem, p.name, p.version, p.arch); }

// The first layer whose own copy of `path` already held each package: that layer installed it.
std::map<std::string, std::size_t> OriginLayers(const MergedView& view, const Cataloger& cataloger,
                                                const std::string& path) {
  std::map<std::string, std::size_t> origin;
  const auto history = view.History(path);
  if (history.size() <= 1) return origin;  // one copy: the visible layer is the origin, no second parse needed
  for (const auto& [layer, bytes] : history) {
    auto parsed = cataloger.Parse(path, *bytes);
    if (!parsed) continue;  // an older copy that does not parse cannot be anyone's origin
    for (const Package& p : parsed->packages) origin.emplace(PackageKey(p), layer);
  }
  return origin;
}

}  // namespace

bool InventoryWants(std::string_view path) {
  if (IsDistroFile(path)) return true;
  for (const Cataloger* cataloger : PackageCatalogers()) {
    if (cataloger->Required(path)) return true;
  }
  return false;
}

Inventory TakeInventory(const MergedView& view, const Image& image) {
  Inventory out;
  out.distro = DetectDistro([&](std::string_view path) -> std::optional<std::string> {
    auto visible = view.Read(path);
    if (!visible) {
      out.errors.push_back({"os", std::string(path), visible.error().message});
      return std::nullopt;
    }
    if (!*visible) return std::nullopt;
    return *(*visible)->bytes;
  });

  // Files a cataloger's format includes (requirements -r); an unreadable one is the same as a missing one.
  FileReader read_visible = [&](std::string_view path) -> std::optional<std::string> {
    auto visible = view.Read(path);
    if (!visible || !*visible) return std::nullopt;
    return *(*visible)->bytes;
  };
  std::set<std::pair<const Cataloger*, std::string>> done;  // a file reached through links is read once
  std::map<std::string, Package> by_id;
  std::map<std::string, bool> stated_dev;  // id -> dev, AND over every file whose format states it
  for (const std::string& path : view.VisiblePaths()) {
    for (const Cataloger* cataloger : PackageCatalogers()) {
      if (!cataloger->Required(path)) continue;
      std::string stage = fmt::format("catalog:{}", cataloger->Name());
      auto visible = view.Read(path);
      if (!visible) {
        out.errors.push_back({stage, path, visible.error().message});
        continue;
      }
      if (!*visible || !done.emplace(cataloger, (*visible)->path).second) continue;
      auto parsed = cataloger->ParseWithFiles((*visible)->path, *(*visible)->bytes, read_visible);
      if (!parsed) {
        out.errors.push_back({stage, (*visible)->path, parsed.error().message});
        continue;
      }
      for (std::string& why : parsed->skipped) out.errors.push_back({stage, (*visible)->path, std::move(why)});
      auto origin = OriginLayers(view, *cataloger, (*visible)->path);
      for (Package& p : parsed->packages) {
        auto found = origin.find(PackageKey(p));
        std::size_t layer = found != origin.end() ? found->second : (*visible)->layer;
        p.layer_diff_id = image.layers[layer].diff_id;
        FinishPackage(p, out.distro);
        if (parsed->states_dev) {
          auto [vote, first] = stated_dev.emplace(p.id, p.dev);
          if (!first) vote->second = vote->second && p.dev;
        }
        by_id.emplace(p.id, std::move(p));
      }
    }
  }
  for (auto& [id, p] : by_id) {
    if (auto vote = stated_dev.find(id); vote != stated_dev.end()) p.dev = vote->second;
    out.packages.push_back(std::move(p));
  }
  std::sort(out.packages.begin(), out.packages.end(), [](const Package& a, const Package& b) {
    return std::tie(a.ecosystem, a.name, a.version, a.arch) < std::tie(b.ecosystem, b.name, b.version, b.arch);
  });
  return out;
}

}  // namespace drydock
