// DD-IMG-*: checks over an image's config, history and what the layer walk observed.
#include <algorithm>
#include <cctype>
#include <fmt/core.h>

#include "checks/checks.h"
#include "secret/secret.h"

namespace drydock {
namespace {

bool RunsAsRoot(std::string_view user) {
  std::string_view name = user.substr(0, user.find(':'));
  return name.empty() || name == "root" || name == "0";
}

// "NAME=value" tokens in a command line whose name is sensitive and whose value is not empty.
std::vector<std::string> SensitiveAssignments(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = text.find_first_of(" \t\n;&|", i);
    if (end == std::string_view::npos) end = text.size();
    std::string_view token = text.substr(i, end - i);
    std::size_t eq = token.find('=');
    if (eq != std::string_view::npos && eq > 0 && eq + 1 < token.size() && IsSensitiveName(token.substr(0, eq))) {
      out.emplace_back(token.substr(0, eq));
    }
    i = end + 1;
  }
  return out;
}

std::string_view Tag(std::string_view name) {
  if (name.find('@') != std::string_view::npos) return "@digest";
  std::size_t slash = name.rfind('/');
  std::size_t colon = name.rfind(':');
  if (colon == std::string_view::npos || (slash != std::string_view::npos && colon < slash)) return "";
  return name.substr(colon + 1);
}

}  // namespace

bool PipesDownloadToShell(std::string_view command) {
  for (std::string_view fetch : {"curl ", "wget "}) {
    std::size_t at = command.find(fetch);
    if (at == std::string_view::npos) continue;
    std::size_t pipe = command.find('|', at);
    if (pipe == std::string_view::npos) continue;
    std::string_view rest = command.substr(pipe + 1);
    rest.remove_prefix(std::min(rest.find_first_not_of(' '), rest.size()));
    if (rest.starts_with("sh") || rest.starts_with("bash") || rest.starts_with("sudo sh") ||
        rest.starts_with("sudo bash") || rest.starts_with("/bin/sh") || rest.starts_with("/bin/bash")) {
      return true;
    }
  }
  return false;
}

std::vector<Misconfiguration> CheckImage(const ImageCheckInput& input) {
  std::vector<Misconfiguration> out;
  const ImageConfigFacts& c = input.config;
  if (RunsAsRoot(c.user)) out.push_back(Failed("DD-IMG-001", c.user.empty() ? "no USER set" : "USER " + c.user));
  for (const std::string& entry : input.env) {
    std::size_t eq = entry.find('=');
    if (eq == std::string::npos || eq + 1 == entry.size()) continue;
    if (IsSensitiveName(entry.substr(0, eq))) {
      out.push_back(Failed("DD-IMG-002", fmt::format("env {} has a value", entry.substr(0, eq))));
    }
  }
  for (std::size_t i = 0; i < input.history.size(); ++i) {
    const std::string& step = input.history[i];
    for (const std::string& name : SensitiveAssignments(step)) {
      out.push_back(Failed("DD-IMG-003", fmt::format("history[{}] assigns {}", i, name)));
    }
    if (step.find("ADD http://") != std::string::npos || step.find("ADD https://") != std::string::npos ||
        (step.find("#(nop) ADD") != std::string::npos && step.find("://") != std::string::npos)) {
      out.push_back(Failed("DD-IMG-006", fmt::format("history[{}]", i)));
    }
    if (PipesDownloadToShell(step)) out.push_back(Failed("DD-IMG-007", fmt::format("history[{}]", i)));
  }
  std::string_view tag = Tag(input.name);
  if (tag.empty() || tag == "latest") {
    out.push_back(Failed("DD-IMG-004", tag.empty() ? "no tag" : fmt::format("tag {}", tag)));
  }
  for (const std::string& port : c.exposed_ports) {
    if (port == "22" || port.starts_with("22/")) out.push_back(Failed("DD-IMG-005", "EXPOSE " + port));
  }
  for (std::size_t i = 0; i < input.layers.size(); ++i) {
    const LayerObservations& layer = input.layers[i];
    if (!layer.package_cache_files.empty()) {  // one finding per layer: a cache is hundreds of files
      auto m = Failed("DD-IMG-008", fmt::format("{} cache file(s), first /{}", layer.package_cache_files.size(),
                                                layer.package_cache_files.front()),
                      "/" + layer.package_cache_files.front());
      m.layer_diff_id = layer.diff_id;
      out.push_back(std::move(m));
    }
    if (i == 0) continue;  // the base distro's own setuid tools (su, passwd, mount) are not "added"
    for (const std::string& path : layer.setuid_files) {
      auto m = Failed("DD-IMG-009", "setuid/setgid bit set", "/" + path);
      m.layer_diff_id = layer.diff_id;
      out.push_back(std::move(m));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

}  // namespace drydock
