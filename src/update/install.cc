#include "update/install.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

#include "vulndb/vulndb.h"

namespace drydock {
namespace {

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

Status Decompress(int in, int out) {
  std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> dctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  std::vector<char> in_buf(ZSTD_DStreamInSize()), out_buf(ZSTD_DStreamOutSize());
  std::uint64_t written = 0;
  std::size_t pending = 0;  // 0 once a frame is complete
  bool any = false;
  for (;;) {
    ssize_t n = ::read(in, in_buf.data(), in_buf.size());
    if (n < 0) return Fail("read: {}", std::strerror(errno));
    if (n == 0) break;
    any = true;
    ZSTD_inBuffer input{in_buf.data(), static_cast<std::size_t>(n), 0};
    while (input.pos < input.size) {
      ZSTD_outBuffer output{out_buf.data(), out_buf.size(), 0};
      pending = ZSTD_decompressStream(dctx.get(), &output, &input);
      if (ZSTD_isError(pending)) return Fail("zstd: {}", ZSTD_getErrorName(pending));
      written += output.pos;
      if (written > kMaxDbBytes) return Fail("decompresses to more than {} bytes", kMaxDbBytes);
      for (std::size_t off = 0; off < output.pos;) {
        ssize_t w = ::write(out, out_buf.data() + off, output.pos - off);
        if (w < 0) return Fail("write: {}", std::strerror(errno));
        off += static_cast<std::size_t>(w);
      }
    }
  }
  if (!any || pending != 0) return Fail("zstd: truncated stream");
  return {};
}

}  // namespace

Status InstallCompressedDb(const std::string& compressed_path, const std::string& target) {
  Fd in{::open(compressed_path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) return Fail("{}: {}", compressed_path, std::strerror(errno));
  std::filesystem::path dir = std::filesystem::path(target).parent_path();
  if (dir.empty()) dir = ".";
  std::string temp = (dir / (std::filesystem::path(target).filename().string() + ".new.XXXXXX")).string();
  Fd out{::mkstemp(temp.data())};
  if (out.fd < 0) return Fail("{}: {}", temp, std::strerror(errno));
  auto fail = [&](const Error& e) -> Status {
    ::unlink(temp.c_str());
    return std::unexpected(e);
  };
  if (auto d = Decompress(in.fd, out.fd); !d) return fail(d.error().Wrap(compressed_path));
  if (::fchmod(out.fd, 0644) != 0 || ::fsync(out.fd) != 0) return fail(Error{std::strerror(errno)});
  if (auto opened = VulnDb::Open(temp); !opened) {
    return fail(opened.error().Wrap("the downloaded DB does not open"));
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    return fail(Error{fmt::format("rename to {}: {}", target, std::strerror(errno))});
  }
  Fd dir_fd{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (dir_fd.fd >= 0) ::fsync(dir_fd.fd);
  return {};
}

}  // namespace drydock
