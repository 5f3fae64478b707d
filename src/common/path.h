// Path normalisation for names read from archives and images (untrusted).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace drydock {

// "./a//b/./c/../d" -> "a/b/d"; a leading '/' is dropped, so absolute names stay inside the root.
// nullopt when ".." would climb above the root: such names are hostile and must be skipped.
// The root itself normalises to "".
std::optional<std::string> NormalizePath(std::string_view path);

// Resolves a symlink target written at `link_path` ("etc/os-release" + "../usr/lib/os-release" ->
// "usr/lib/os-release"). Absolute targets resolve from the image root; ".." stops at the root, as the kernel does
// for a chroot.
std::string ResolveLinkTarget(std::string_view link_path, std::string_view target);

// "usr/lib/x" -> "usr/lib"; "x" -> "".
std::string_view ParentPath(std::string_view path);

// The last segment: "app/pubspec.lock" -> "pubspec.lock"; "x" -> "x".
std::string_view PathBaseName(std::string_view path);

}  // namespace drydock
