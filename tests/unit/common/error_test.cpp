#include "common/error.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace printlink {
namespace {

TEST(ErrorCodeName, NamesEveryCodeAfterItsEnumerator) {
    EXPECT_STREQ(error_code_name(ErrorCode::InvalidArgument), "InvalidArgument");
    EXPECT_STREQ(error_code_name(ErrorCode::InvalidState), "InvalidState");
    EXPECT_STREQ(error_code_name(ErrorCode::NotAuthorized), "NotAuthorized");
    EXPECT_STREQ(error_code_name(ErrorCode::NotFound), "NotFound");
    EXPECT_STREQ(error_code_name(ErrorCode::Network), "Network");
    EXPECT_STREQ(error_code_name(ErrorCode::Protocol), "Protocol");
    EXPECT_STREQ(error_code_name(ErrorCode::Refused), "Refused");
    EXPECT_STREQ(error_code_name(ErrorCode::Integrity), "Integrity");
    EXPECT_STREQ(error_code_name(ErrorCode::Io), "Io");
    EXPECT_STREQ(error_code_name(ErrorCode::Timeout), "Timeout");
    EXPECT_STREQ(error_code_name(ErrorCode::Cancelled), "Cancelled");
    EXPECT_STREQ(error_code_name(ErrorCode::Internal), "Internal");
}

TEST(Result, HoldsValueOrError) {
    Result<int> good = 7;
    ASSERT_TRUE(good);
    EXPECT_EQ(*good, 7);
    Result<int> bad = make_error(ErrorCode::Io, "disk full");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::Io);
    EXPECT_EQ(bad.error().message, "disk full");
}

}  // namespace
}  // namespace printlink
