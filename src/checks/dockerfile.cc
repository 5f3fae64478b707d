#include "checks/dockerfile.h"

#include <algorithm>
#include <cctype>
#include <fmt/core.h>

#include "checks/checks.h"
#include "common/text.h"
#include "secret/secret.h"

namespace drydock {
namespace {

bool IsRoot(std::string_view user) {
  std::string_view name = Trim(user.substr(0, user.find(':')));
  return name.empty() || name == "root" || name == "0";
}

}  // namespace

Result<std::vector<DockerInstruction>> ParseDockerfile(std::string_view text) {
  if (text.size() > kMaxDockerfileBytes) return Fail("Dockerfile is over {} bytes", kMaxDockerfileBytes);
  std::vector<DockerInstruction> out;
  DockerInstruction* open = nullptr;
  std::size_t number = 0;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = std::min(text.find('\n', at), text.size());
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    ++number;
    std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;  // comments may sit inside continuations
    bool continues = trimmed.back() == '\\';
    if (continues) trimmed = Trim(trimmed.substr(0, trimmed.size() - 1));
    if (open != nullptr) {
      open->args += ' ';
      open->args += trimmed;
    } else {
      std::size_t space = std::min(trimmed.find_first_of(" \t"), trimmed.size());
      std::string keyword(trimmed.substr(0, space));
      if (keyword.empty() || !std::all_of(keyword.begin(), keyword.end(), [](unsigned char c) { return std::isalpha(c); })) {
        return Fail("line {}: \"{}\" is not a Dockerfile instruction", number, keyword.substr(0, 40));
      }
      std::transform(keyword.begin(), keyword.end(), keyword.begin(), [](unsigned char c) { return std::toupper(c); });
      if (out.size() >= kMaxDockerfileInstructions) return Fail("more than {} instructions", kMaxDockerfileInstructions);
      out.push_back({std::move(keyword), std::string(Trim(trimmed.substr(space))), number});
      open = &out.back();
    }
    if (!continues) open = nullptr;
  }
  return out;
}

std::vector<Misconfiguration> CheckDockerfile(const std::vector<DockerInstruction>& instructions,
                                              const std::string& path) {
  std::vector<Misconfiguration> out;
  std::vector<std::string> stages;  // "AS name" of earlier stages: FROM those is not a base image
  const DockerInstruction* last_user = nullptr;
  const DockerInstruction* last_from = nullptr;
  for (const DockerInstruction& in : instructions) {
    const std::string& a = in.args;
    if (in.keyword == "FROM") {
      last_from = &in;
      last_user = nullptr;  // USER does not carry across stages
      std::string image = a.substr(0, a.find(' '));
      if (image.starts_with("--platform=")) {
        std::string rest = a.substr(a.find(' ') == std::string::npos ? a.size() : a.find(' ') + 1);
        image = rest.substr(0, rest.find(' '));
      }
      if (std::size_t as = a.find(" AS "); as != std::string::npos) stages.push_back(a.substr(as + 4));
      if (std::size_t as = a.find(" as "); as != std::string::npos) stages.push_back(a.substr(as + 4));
      bool stage = std::find(stages.begin(), stages.end(), image) != stages.end();
      if (stage || image == "scratch") continue;
      bool digest = image.find("@sha256:") != std::string::npos || image.starts_with("sha256:");
      if (!digest) out.push_back(Failed("DD-DF-001", "FROM " + image, path, in.line));
      std::size_t slash = image.rfind('/'), colon = image.rfind(':');
      bool tagged = colon != std::string::npos && (slash == std::string::npos || colon > slash);
      if (!digest && (!tagged || image.ends_with(":latest"))) out.push_back(Failed("DD-DF-004", "FROM " + image, path, in.line));
    } else if (in.keyword == "USER") {
      last_user = &in;
    } else if (in.keyword == "RUN") {
      if (a.find("apt-get install") != std::string::npos || a.find("apt-get -y install") != std::string::npos) {
        if (a.find("--no-install-recommends") == std::string::npos) {
          out.push_back(Failed("DD-DF-002", "RUN apt-get install", path, in.line));
        }
        if (a.find("rm -rf /var/lib/apt/lists") == std::string::npos) {
          out.push_back(Failed("DD-DF-009", "RUN apt-get install", path, in.line));
        }
      }
      if (PipesDownloadToShell(a)) out.push_back(Failed("DD-DF-007", "RUN " + a.substr(0, 80), path, in.line));
    } else if (in.keyword == "EXPOSE") {
      for (std::size_t i = 0; i < a.size();) {
        std::size_t e = std::min(a.find(' ', i), a.size());
        std::string port = a.substr(i, e - i);
        if (port == "22" || port.starts_with("22/")) out.push_back(Failed("DD-DF-005", "EXPOSE " + port, path, in.line));
        i = e + 1;
      }
    } else if (in.keyword == "ADD") {
      if (a.find("http://") != std::string::npos || a.find("https://") != std::string::npos) {
        out.push_back(Failed("DD-DF-006", "ADD " + a.substr(0, 80), path, in.line));
      }
    } else if (in.keyword == "ENV" || in.keyword == "ARG") {
      std::string_view rest = a;
      std::string name(rest.substr(0, rest.find_first_of("= ")));
      std::size_t value_at = rest.find_first_of("= ");
      bool has_value = value_at != std::string_view::npos && !Trim(rest.substr(value_at + 1)).empty();
      if (has_value && IsSensitiveName(name)) {
        out.push_back(Failed("DD-DF-008", fmt::format("{} {} has a value", in.keyword, name), path, in.line));
      }
    }
  }
  if (last_from != nullptr && (last_user == nullptr || IsRoot(last_user->args))) {
    const DockerInstruction& at = last_user != nullptr ? *last_user : *last_from;
    out.push_back(Failed("DD-DF-003", last_user ? "USER " + last_user->args : "no USER in the final stage", path, at.line));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.line < y.line; });
  return out;
}

}  // namespace drydock
