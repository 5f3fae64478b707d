// The binding most lockfile formats need: base names -> one pure parser that reads nothing but the file. Each
// format is one row of catalogers.cc's table (name, version, which files, which parser, which scans).
#pragma once

#include <string_view>

#include "catalog/catalog.h"
#include "common/path.h"  // PathBaseName, which most formats' Wants use

namespace drydock {

class LockfileCataloger final : public Cataloger {
 public:
  using Parser = Result<ParsedPackages> (*)(std::string_view bytes);
  using Wants = bool (*)(std::string_view path);

  constexpr LockfileCataloger(std::string_view name, std::string_view version, Wants wants, Parser parse,
                              CatalogScope scope)
      : name_(name), version_(version), wants_(wants), parse_(parse), scope_(scope) {}

  std::string_view Name() const override { return name_; }
  std::string_view Version() const override { return version_; }
  CatalogScope Scope() const override { return scope_; }
  bool Required(std::string_view path) const override { return wants_(path); }
  // The parser's packages, each with `path`; a file the parser rejects is an Error naming the format.
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;

 private:
  std::string_view name_;
  std::string_view version_;
  Wants wants_;
  Parser parse_;
  CatalogScope scope_;
};

}  // namespace drydock
