#include "server/ui.h"

#include <array>
#include <map>
#include <string>
#include <utility>

#include "common/sha256.h"
#include "server/embedded_file.h"

namespace drydock {
namespace {

// Content types by file extension: the files the UI ships, nothing guessed from content.
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kContentTypes = {{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".json", "application/json"},
}};

// Scripts and styles only from this origin's files, API calls only to it, no framing, no plugins, no forms
// posting elsewhere. The SVG charts are drawn through the DOM, so no 'unsafe-inline' is needed anywhere.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

constexpr std::string_view kIndexName = "index.html";
constexpr std::string_view kAssetPrefix = "/ui/";

std::string_view ContentType(std::string_view name) {
  for (const auto& [extension, type] : kContentTypes) {
    if (name.ends_with(extension)) return type;
  }
  return "application/octet-stream";
}

const EmbeddedFile* FindFile(std::string_view name) {
  for (const EmbeddedFile& file : UiFiles()) {
    if (file.name == name) return &file;
  }
  return nullptr;
}

void SetSecurityHeaders(httplib::Response& res) {
  res.set_header("Content-Security-Policy", std::string(kContentSecurityPolicy));
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
  // The files change with the binary: revalidate instead of serving a stale page after an upgrade.
  res.set_header("Cache-Control", "no-cache");
}

// A strong validator per file, from its bytes: a reload revalidates with If-None-Match and gets a bodiless
// 304.
const std::string& ETagOf(const EmbeddedFile& file) {
  static const std::map<std::string_view, std::string> tags = [] {
    std::map<std::string_view, std::string> out;
    for (const EmbeddedFile& f : UiFiles())
      out.emplace(f.name, "\"" + Sha256::HexOf(f.bytes).substr(0, 32) + "\"");
    return out;
  }();
  return tags.at(file.name);
}

void Serve(const EmbeddedFile* file, const httplib::Request& req, httplib::Response& res) {
  SetSecurityHeaders(res);
  if (file == nullptr) {
    res.status = 404;
    res.set_content("not found\n", "text/plain; charset=utf-8");
    return;
  }
  const std::string& etag = ETagOf(*file);
  res.set_header("ETag", etag);
  if (req.get_header_value("If-None-Match") == etag) {
    res.status = 304;
    return;
  }
  res.status = 200;
  res.set_content(file->bytes.data(), file->bytes.size(), std::string(ContentType(file->name)));
}

}  // namespace

bool IsUiPath(std::string_view path) {
  return path == "/" || (path.starts_with(kAssetPrefix) && path.size() > kAssetPrefix.size());
}

void RegisterUi(httplib::Server& server) {
  server.Get("/", [](const httplib::Request& req, httplib::Response& res) {
    Serve(FindFile(kIndexName), req, res);
  });
  // Only names in the embedded table are served: a path like /ui/../x names no file, so it is a 404.
  server.Get(R"(/ui/([A-Za-z0-9_.-]+))", [](const httplib::Request& req, httplib::Response& res) {
    Serve(FindFile(req.matches[1].str()), req, res);
  });
}

}  // namespace drydock
