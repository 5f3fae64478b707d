// What every source fetcher shares: URL joining, one part's download with its state, and the bookkeeping
// of what was read and what is missing.
#include "feeds/source.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <ctime>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "update/fetch.h"

namespace drydock {

std::string JoinLocation(const std::string& base, std::string_view relative) {
  std::string out = base;
  if (!out.ends_with('/')) out += '/';
  if (!IsHttpLocation(base)) return out + std::string(relative);
  for (unsigned char c : relative) {
    const bool plain = std::isalnum(c) || std::string_view("-._~/:").find(static_cast<char>(c)) != std::string_view::npos;
    out += plain ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
  }
  return out;
}

Result<FetchedPart> FetchPart(SourceContext& context, const std::string& id, const std::string& url,
                              const std::string& file, const std::vector<std::string>& ecosystems) {
  FetchedPart part{.id = id, .url = url, .file = context.dir + "/" + file};
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(part.file).parent_path(), ec);
  Validators cached;
  if (auto it = context.state->parts.find(id); it != context.state->parts.end() && it->second.url == url) {
    cached = it->second.validators;
  }
  auto got = Download(url, part.file, cached, context.policy);
  if (!got) {
    AddMissing(context, id, ecosystems, got.error().message);
    return std::unexpected(got.error());
  }
  part.download = std::move(*got);
  ++context.report->parts;
  if (part.download.fresh) {
    ++context.report->downloaded;
    context.report->bytes += part.download.bytes;
  } else {
    ++context.report->unchanged;
  }
  return part;
}

void KeepPart(SourceContext& context, const FetchedPart& part, const std::string& stamp) {
  if (!part.download.fresh) {
    if (!stamp.empty()) context.state->parts[part.id].stamp = stamp;
    return;
  }
  if (auto committed = Commit(part.download, part.file); !committed) {
    context.state->parts.erase(part.id);
    return;
  }
  context.state->parts[part.id] = PartState{.url = part.url, .validators = part.download.validators,
                                            .stamp = stamp, .bytes = part.download.bytes};
}

void RejectPart(SourceContext& context, const FetchedPart& part, const std::vector<std::string>& ecosystems,
                const std::string& why) {
  Discard(part.download);
  // A cached copy that no longer reads must not be vouched for by its validators: next time, fetch it whole.
  if (!part.download.fresh && part.download.not_modified) {
    ::unlink(part.file.c_str());
    context.state->parts.erase(part.id);
  }
  AddMissing(context, part.id, ecosystems, fmt::format("{}: {}", part.url, why));
}

void UncountPart(SourceContext& context, const FetchedPart& part) {
  --context.report->parts;
  --(part.download.fresh ? context.report->downloaded : context.report->unchanged);
}

namespace {

// RFC 3339 of the part's Last-Modified, else of its file's mtime; empty when neither is known.
std::string PartDate(const FetchedPart& part) {
  std::tm tm{};
  std::time_t when = -1;
  if (::strptime(part.download.validators.last_modified.c_str(), "%a, %d %b %Y %H:%M:%S", &tm) != nullptr) {
    when = ::timegm(&tm);
  } else if (struct stat st {}; ::stat(part.download.path.c_str(), &st) == 0) {
    when = st.st_mtime;
  }
  if (when < 0) return "";
  ::gmtime_r(&when, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

}  // namespace

void AddFeed(SourceContext& context, FeedData feed, const std::string& source, const FetchedPart* part) {
  feed.info.source = source;
  context.report->advisories += feed.info.advisories;
  context.report->skipped += feed.info.skipped;
  const std::string date = !feed.info.updated.empty() || part == nullptr ? feed.info.updated : PartDate(*part);
  context.report->updated = std::max(context.report->updated, date);
  context.feeds->push_back(std::move(feed));
}

void AddMissing(SourceContext& context, std::string id, std::vector<std::string> ecosystems, std::string why) {
  context.report->missing.push_back(MissingSource{std::move(id), std::move(ecosystems), std::move(why)});
}

std::vector<std::string> ListingLinks(std::string_view html) {
  std::vector<std::string> links;
  constexpr std::string_view kHref = "href=\"";
  for (std::size_t at = html.find(kHref); at != std::string_view::npos; at = html.find(kHref, at)) {
    at += kHref.size();
    const std::size_t end = html.find('"', at);
    if (end == std::string_view::npos) break;
    links.emplace_back(html.substr(at, end - at));
    at = end;
  }
  return links;
}

}  // namespace drydock
