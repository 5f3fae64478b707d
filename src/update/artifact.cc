#include "update/artifact.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

#include "common/file.h"
#include "common/sha256.h"

namespace drydock {
namespace {

struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::string DigestLine(const std::string& sha256_hex, const std::string& file_name) {
  return sha256_hex + "  " + file_name + "\n";
}

Result<std::string> ParseDigestFile(std::string_view text) {
  std::string hex;
  for (char c : text) {
    if (std::isxdigit(static_cast<unsigned char>(c)) == 0) break;
    hex.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  bool ends_ok = text.size() == hex.size() || text[hex.size()] == ' ' || text[hex.size()] == '\n' ||
                 text[hex.size()] == '\t';
  if (hex.size() != 64 || !ends_ok) return Fail("digest file does not start with a SHA-256 hex digest");
  return hex;
}

Result<DbArtifact> WriteDbArtifact(const std::string& db_path) {
  DbArtifact out{.compressed_path = db_path + ".zst", .digest_path = db_path + ".zst.sha256"};
  FdCloser in{::open(db_path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) return Fail("{}: {}", db_path, std::strerror(errno));
  std::string temp = out.compressed_path + ".tmp." + std::to_string(::getpid());
  FdCloser file{::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
  if (file.fd < 0) return Fail("{}: {}", temp, std::strerror(errno));
  std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> cctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, kArtifactZstdLevel);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_chainLog, kArtifactZstdChainLog);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_hashLog, kArtifactZstdHashLog);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);
  struct stat info {};
  const bool large = ::fstat(in.fd, &info) == 0 && static_cast<std::uint64_t>(info.st_size) > kArtifactParallelBytes;
  // Level 19 is most of a large db build's CPU: two workers halve its wall time. With any worker count >= 1 the
  // output is the same bytes; a libzstd built without threads refuses the parameter and compresses inline.
  if (large) ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_nbWorkers, kArtifactZstdWorkers);
  std::vector<char> in_buf(ZSTD_CStreamInSize()), out_buf(ZSTD_CStreamOutSize());
  Sha256 sha;
  auto fail = [&](Error e) -> Result<DbArtifact> {
    ::unlink(temp.c_str());
    return Rewrap(e, "compressing {}", db_path);
  };
  for (bool last = false; !last;) {
    ssize_t n = ::read(in.fd, in_buf.data(), in_buf.size());
    if (n < 0) return fail(Error{std::string("read: ") + std::strerror(errno)});
    last = n == 0;
    ZSTD_inBuffer input{in_buf.data(), static_cast<std::size_t>(n), 0};
    ZSTD_EndDirective mode = last ? ZSTD_e_end : ZSTD_e_continue;
    for (bool finished = false; !finished;) {
      ZSTD_outBuffer output{out_buf.data(), out_buf.size(), 0};
      std::size_t left = ZSTD_compressStream2(cctx.get(), &output, &input, mode);
      if (ZSTD_isError(left)) return fail(Error{ZSTD_getErrorName(left)});
      sha.Update(out_buf.data(), output.pos);
      out.compressed_bytes += output.pos;
      if (auto w = WriteAll(file.fd, out_buf.data(), output.pos); !w) return fail(w.error());
      finished = last ? left == 0 : input.pos == input.size;
    }
  }
  if (::fsync(file.fd) != 0 || ::rename(temp.c_str(), out.compressed_path.c_str()) != 0) {
    return fail(Error{std::strerror(errno)});
  }
  out.sha256 = sha.FinishHex();
  std::string name = std::filesystem::path(out.compressed_path).filename().string();
  if (auto w = WriteFileAtomic(out.digest_path, DigestLine(out.sha256, name)); !w) {
    return Rewrap(w.error(), "{}", out.digest_path);
  }
  return out;
}

}  // namespace drydock
