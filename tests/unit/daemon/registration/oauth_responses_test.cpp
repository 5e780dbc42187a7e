#include "daemon/registration/oauth_responses.h"

#include <gtest/gtest.h>

namespace printlink::daemon::registration {
namespace {

constexpr const char* kCodes = R"({"device_code":"dc","user_code":"BCDF-GHJK",
  "verification_uri":"https://cloud.test/device",
  "verification_uri_complete":"https://cloud.test/device?user_code=BCDF-GHJK",
  "expires_in":600,"interval":5})";

TEST(DeviceAuthorizationAnswer, ReadsEveryField) {
    auto a = parse_device_authorization(200, kCodes);
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->device_code, "dc");
    EXPECT_EQ(a->user_code, "BCDF-GHJK");
    EXPECT_EQ(a->verification_uri, "https://cloud.test/device");
    EXPECT_EQ(a->verification_uri_complete, "https://cloud.test/device?user_code=BCDF-GHJK");
    EXPECT_EQ(a->expires_in, 600u);
    EXPECT_EQ(a->interval, 5u);
}

TEST(DeviceAuthorizationAnswer, IntervalDefaultsToFiveAndTheCompleteUriIsOptional) {
    auto a = parse_device_authorization(
        200,
        R"({"device_code":"dc","user_code":"U","verification_uri":"https://c/d","expires_in":30})");
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->interval, 5u);
    EXPECT_EQ(a->verification_uri_complete, "");
}

TEST(DeviceAuthorizationAnswer, RefusesWhatCannotBeUsed) {
    for (
        const char* body : {
            "not json",
            "[]",
            R"({"user_code":"U","verification_uri":"https://c/d","expires_in":30})",
            R"({"device_code":"dc","verification_uri":"https://c/d","expires_in":30})",
            R"({"device_code":"dc","user_code":"U","expires_in":30})",
            R"({"device_code":"dc","user_code":"U","verification_uri":"https://c/d"})",
            R"({"device_code":"dc","user_code":"U","verification_uri":"https://c/d","expires_in":0})",
            R"({"device_code":"dc","user_code":"U","verification_uri":"https://c/d","expires_in":"600"})",
            R"({"device_code":"dc","user_code":"U","verification_uri":"https://c/d","expires_in":1.5})",
            R"({"device_code":"dc","user_code":"U","verification_uri":"https://c/d","expires_in":30,"interval":-1})",
        }) {
        auto a = parse_device_authorization(200, body);
        ASSERT_FALSE(a.ok()) << body;
        EXPECT_EQ(a.error().code, ErrorCode::Protocol) << body;
    }
}

TEST(DeviceAuthorizationAnswer, AnErrorStatusNamesTheOAuthError) {
    auto a = parse_device_authorization(
        401, R"({"error":"invalid_client","error_description":"unknown client_id"})");
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().code, ErrorCode::Refused);
    EXPECT_NE(a.error().message.find("HTTP 401"), std::string::npos) << a.error().message;
    EXPECT_NE(a.error().message.find("invalid_client (unknown client_id)"), std::string::npos);
    auto html = parse_device_authorization(404, "<html>not found</html>");
    ASSERT_FALSE(html.ok());
    EXPECT_EQ(html.error().code, ErrorCode::Refused);
}

TEST(TokenAnswerParse, AGrantedBearerToken) {
    auto t = parse_token_answer(200, R"({"access_token":"abc","token_type":"bearer"})");
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_EQ(t->kind, TokenAnswer::Kind::Granted);
    EXPECT_EQ(t->access_token, "abc");
    EXPECT_FALSE(parse_token_answer(200, R"({"access_token":"abc","token_type":"mac"})").ok());
    EXPECT_FALSE(parse_token_answer(200, R"({"token_type":"Bearer"})").ok());
}

TEST(TokenAnswerParse, EachRfc8628ErrorHasItsKind) {
    const std::pair<const char*, TokenAnswer::Kind> cases[] = {
        {"authorization_pending", TokenAnswer::Kind::Pending},
        {"slow_down", TokenAnswer::Kind::SlowDown},
        {"access_denied", TokenAnswer::Kind::Denied},
        {"expired_token", TokenAnswer::Kind::Expired},
        {"invalid_grant", TokenAnswer::Kind::Refused},
        {"invalid_client", TokenAnswer::Kind::Refused},
    };
    for (const auto& [error, kind] : cases) {
        auto t = parse_token_answer(400, std::string(R"({"error":")") + error + R"("})");
        ASSERT_TRUE(t.ok()) << error;
        EXPECT_EQ(t->kind, kind) << error;
        EXPECT_EQ(t->error, error);
    }
}

TEST(TokenAnswerParse, AnythingElseIsAProtocolError) {
    for (auto [status, body] :
         {std::pair{500L, R"({"error":"server_error"})"}, std::pair{400L, R"({"message":"no"})"},
          std::pair{400L, "<html>bad</html>"}}) {
        auto t = parse_token_answer(status, body);
        ASSERT_FALSE(t.ok()) << body;
        EXPECT_EQ(t.error().code, ErrorCode::Protocol) << body;
    }
}

}  // namespace
}  // namespace printlink::daemon::registration
