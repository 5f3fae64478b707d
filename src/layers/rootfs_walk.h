// The rootfs walk: an unpacked root filesystem on disk -> the same LayerFiles a layer tar gives, so the rest of
// the pipeline cannot tell a directory from a one-layer image.
//
// Every name is opened relative to its parent directory's fd with O_NOFOLLOW / AT_SYMLINK_NOFOLLOW, so no
// symlink inside the root is ever followed by the kernel: links are recorded (target resolved inside the root,
// as MergedView expects) and never descended into. Device nodes, FIFOs and sockets are never opened. The
// root directory itself is opened as the user named it.
#pragma once

#include <cstddef>
#include <string>

#include "drydock/error.h"
#include "layers/layer_walk.h"

namespace drydock {

// Directories nested deeper than this are skipped (and reported): bounds recursion and open fds.
inline constexpr int kMaxRootfsDepth = 128;
// Longest symlink target read; longer ones are reported and skipped.
inline constexpr std::size_t kMaxLinkTargetBytes = 4096;

// Walks `root` and fills `out.files` with the wanted paths (normalised, relative to root), `out.issues` with
// what could not be read (unreadable files and directories, oversized files, too-deep trees; sorted by path),
// and `out.entries` with the number of entries seen. More than kMaxLayerEntries entries, or a root that
// cannot be opened as a directory, is an Error. `observer`, when given, sees every regular file as WalkLayer's
// does (metadata first, then up to kMaxObservedFileBytes of the files it wants), in directory order.
Status WalkRootfs(const std::string& root, const PathFilter& wanted, LayerFiles& out,
                  const FileObserver* observer = nullptr);

}  // namespace drydock
