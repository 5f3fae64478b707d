#include "source/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>

namespace drydock {
namespace {

// A pax tar of one sparse file written by libarchive: "a" x10 at 0, "x" x5000 at 100000, a hole to 300000 after.
std::string SparseTar(std::string* expected) {
  constexpr std::size_t kSize = 300000;
  expected->assign(kSize, '\0');
  expected->replace(0, 10, std::string(10, 'a'));
  expected->replace(100000, 5000, std::string(5000, 'x'));
  std::string tar(1 << 20, '\0');
  std::size_t used = 0;
  std::unique_ptr<archive, decltype(&archive_write_free)> a(archive_write_new(), archive_write_free);
  archive_write_set_format_pax(a.get());
  archive_write_set_bytes_in_last_block(a.get(), 1);
  archive_write_open_memory(a.get(), tar.data(), tar.size(), &used);
  std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(), archive_entry_free);
  archive_entry_set_pathname(entry.get(), "sparse");
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_perm(entry.get(), 0644);
  archive_entry_set_size(entry.get(), kSize);
  archive_entry_sparse_add_entry(entry.get(), 0, 10);
  archive_entry_sparse_add_entry(entry.get(), 100000, 5000);
  archive_write_header(a.get(), entry.get());
  // The pax writer takes the whole file and stores only the regions named, with their map.
  archive_write_data(a.get(), expected->data(), expected->size());
  archive_write_close(a.get());
  tar.resize(used);
  return tar;
}

// A sparse member reads with its holes as zeros, the trailing hole included, whatever the read size: a layer
// tar may hold sparse files, and the digest and the catalogers see the file as it would be on disk.
TEST(ArchiveEntryReaderTest, SparseEntryReadsItsHolesAsZeros) {
  std::string expected;
  const std::string tar = SparseTar(&expected);
  ASSERT_GT(tar.size(), 5000u);
  ASSERT_LT(tar.size(), 20000u) << "the holes are not stored";
  for (std::size_t piece : {std::size_t{7}, std::size_t{4096}, std::size_t{1} << 20}) {
    MemoryReader source(tar);
    auto reader = OpenTarStream(source);
    ASSERT_TRUE(reader);
    auto entry = NextEntry(reader->get());
    ASSERT_TRUE(entry) << entry.error().message;
    ASSERT_NE(*entry, nullptr);
    ArchiveEntryReader data(reader->get());
    std::string got, buffer(piece, '\0');
    for (;;) {
      auto n = data.Read(buffer.data(), buffer.size());
      ASSERT_TRUE(n) << n.error().message;
      if (*n == 0) break;
      got.append(buffer.data(), *n);
    }
    EXPECT_EQ(got.size(), expected.size()) << piece;
    EXPECT_TRUE(got == expected) << piece << ", first difference at "
                                 << std::distance(got.begin(),
                                                  std::mismatch(got.begin(), got.end(), expected.begin()).first);
  }
}

}  // namespace
}  // namespace drydock
