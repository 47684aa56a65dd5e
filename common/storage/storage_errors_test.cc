#include "common/storage/storage_errors.h"

#include <gtest/gtest.h>

namespace dragoman::storage {
namespace {

TEST(StorageFailureTest, FullDiskIsResourceExhaustedAndSaysSo) {
  for (const char* detail : {"IO error: While appending to file: 000012.log: File too large",
                             "IO error: No space left on device",
                             "IO error: No space left: while writing MANIFEST"}) {
    const absl::Status s = StorageFailure("store document", detail);
    EXPECT_TRUE(absl::IsResourceExhausted(s)) << s;
    EXPECT_NE(s.message().find("store document: the disk"), absl::string_view::npos) << s;
    EXPECT_NE(s.message().find(detail), absl::string_view::npos) << s;
  }
}

TEST(StorageFailureTest, ReadOnlyStoreIsAFailedPrecondition) {
  for (const char* detail : {"IO error: While open a file for appending: LOCK: Permission denied",
                             "IO error: Read-only file system"}) {
    const absl::Status s = StorageFailure("open store", detail);
    EXPECT_TRUE(absl::IsFailedPrecondition(s)) << s;
    EXPECT_NE(s.message().find("not writable"), absl::string_view::npos) << s;
  }
}

TEST(StorageFailureTest, AStoreLockedByAnotherInstanceIsUnavailable) {
  for (const char* detail : {"IO error: While lock file: /d/LOCK: Resource temporarily unavailable",
                             "IO error: lock hold by current process, acquire time 1"}) {
    const absl::Status s = StorageFailure("open store", detail);
    EXPECT_TRUE(absl::IsUnavailable(s)) << s;
    EXPECT_NE(s.message().find("in use by another running instance"), absl::string_view::npos);
  }
}

TEST(StorageFailureTest, OtherFailuresAreInternalWithTheEngineMessage) {
  const absl::Status s = StorageFailure("read document", "Corruption: block checksum mismatch");
  EXPECT_TRUE(absl::IsInternal(s)) << s;
  EXPECT_EQ(s.message(), "read document: Corruption: block checksum mismatch");
}

}  // namespace
}  // namespace dragoman::storage
