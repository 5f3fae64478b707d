// drydock base index add|add-official|update: fill the base-image index `drydock image` identifies bases with.
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "baseimage/index_registry.h"
#include "baseimage/official_bases.h"
#include "cli/commands.h"

namespace drydock {
namespace {

struct BaseIndexFlags {
  std::string index;  // "" = beside the layer cache
  std::string repository;
  std::string from;  // add-official: HOST[/PREFIX] serving the official repositories instead
  std::string tags = ".*";
  RegistryOptions registry;
};

void AddCommonFlags(CLI::App& app, BaseIndexFlags& flags) {
  app.add_option("--index", flags.index, "Index file (default: base-index.db in ~/.cache/drydock)");
  app.add_flag("--insecure", flags.registry.insecure, "Allow plain HTTP and unverified TLS");
  app.add_option("--ca-cert", flags.registry.ca_cert, "PEM CA bundle to trust instead of the system store");
}

Result<std::unique_ptr<baseimage::BaseIndex>> OpenIndex(BaseIndexFlags& flags) {
  if (flags.index.empty()) flags.index = DefaultBaseIndex(DefaultCacheDir());
  std::error_code ignored;
  std::filesystem::create_directories(std::filesystem::path(flags.index).parent_path(), ignored);
  flags.registry.docker_config = DockerConfigPath();
  return baseimage::BaseIndex::Open(flags.index);
}

int Finish(const Result<baseimage::IndexAddResult>& added, const baseimage::BaseIndex& index,
           const std::string& path) {
  if (!added) {
    fmt::print(stderr, "drydock: {}\n", added.error().message);
    return kExitError;
  }
  auto size = index.Size();
  fmt::print("{} tags, {} images recorded; {} now holds {} entries\n", added->tags, added->entries, path,
             size ? *size : 0);
  return kExitOk;
}

// The command: open the index (or say why it cannot be opened), then run `run` on it.
CommandRunner WithOpenIndex(std::shared_ptr<BaseIndexFlags> flags, std::function<int(baseimage::BaseIndex&)> run) {
  return [flags, run = std::move(run)] {
    auto index = OpenIndex(*flags);
    if (!index) {
      fmt::print(stderr, "drydock: {}\n", index.error().message);
      return kExitError;
    }
    return run(**index);
  };
}

}  // namespace

CommandRunner AddBaseIndexAddCommand(CLI::App& app) {
  auto flags = std::make_shared<BaseIndexFlags>();
  app.add_option("repository", flags->repository, "REGISTRY/REPO, e.g. docker.io/library/debian")->required();
  app.add_option("--tags", flags->tags, "Index the tags this regular expression matches whole")->capture_default_str();
  AddCommonFlags(app, *flags);
  return WithOpenIndex(flags, [flags](baseimage::BaseIndex& index) {
    return Finish(baseimage::AddRepository(index, flags->repository, flags->tags, flags->registry), index,
                  flags->index);
  });
}

CommandRunner AddBaseIndexAddOfficialCommand(CLI::App& app) {
  auto flags = std::make_shared<BaseIndexFlags>();
  app.add_option("--from", flags->from, "HOST[/PREFIX] (a mirror) serving the official repositories' paths");
  AddCommonFlags(app, *flags);
  return WithOpenIndex(flags, [flags](baseimage::BaseIndex& index) {
    auto outcomes = baseimage::AddOfficialBases(index, flags->from, flags->registry);
    if (!outcomes) {
      fmt::print(stderr, "drydock: {}\n", outcomes.error().message);
      return kExitError;
    }
    std::vector<std::string> failed;
    for (const baseimage::OfficialOutcome& o : *outcomes) {
      if (o.added) {
        fmt::print("{}: {} tags, {} images recorded\n", o.repository, o.added->tags, o.added->entries);
      } else {
        fmt::print(stderr, "drydock: {}: {}\n", o.repository, o.added.error().message);
        failed.push_back(o.repository);
      }
    }
    auto size = index.Size();
    fmt::print("{} now holds {} entries\n", flags->index, size ? *size : 0);
    if (failed.empty()) return kExitOk;
    fmt::print(stderr, "drydock: {} of {} repositories failed: {}\n", failed.size(), outcomes->size(),
               fmt::join(failed, ", "));
    return kExitError;
  });
}

CommandRunner AddBaseIndexUpdateCommand(CLI::App& app) {
  auto flags = std::make_shared<BaseIndexFlags>();
  AddCommonFlags(app, *flags);
  return WithOpenIndex(flags, [flags](baseimage::BaseIndex& index) {
    return Finish(baseimage::UpdateIndex(index, flags->registry), index, flags->index);
  });
}

}  // namespace drydock
