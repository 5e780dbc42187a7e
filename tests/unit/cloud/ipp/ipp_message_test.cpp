#include "cloud/ipp/ipp_message.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

std::string sample_request() {
    ipp::IppPtr request =
        ipp::new_request(IPP_OP_GET_NOTIFICATIONS, "http://127.0.0.1/ipp/print/1", "me");
    ippAddInteger(request.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-subscription-ids", 7);
    ippAddBoolean(request.get(), IPP_TAG_OPERATION, "notify-wait", 1);
    ippAddString(request.get(), IPP_TAG_PRINTER, IPP_TAG_TEXT, "printer-state-message", nullptr,
                 "ok");
    return serialize_ipp(request.get());
}

TEST(IppMessage, RoundTrip) {
    std::string bytes = sample_request();
    ASSERT_FALSE(bytes.empty());
    ipp::IppPtr parsed = parse_ipp(bytes.data(), bytes.size());
    ASSERT_TRUE(parsed);
    EXPECT_EQ(ippGetOperation(parsed.get()), IPP_OP_GET_NOTIFICATIONS);
    EXPECT_EQ(ipp::get_integer(parsed.get(), "notify-subscription-ids"), 7);
    EXPECT_EQ(ipp::get_string(parsed.get(), "printer-state-message", IPP_TAG_PRINTER), "ok");
}

TEST(IppMessage, DocumentDataAfterTheMessageIsIgnored) {
    std::string bytes = sample_request() + "%PDF-1.7 document data";
    EXPECT_TRUE(parse_ipp(bytes.data(), bytes.size()));
}

TEST(IppMessage, EveryTruncationIsRefusedWithoutCrashing) {
    const std::string bytes = sample_request();
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        EXPECT_FALSE(parse_ipp(bytes.data(), n)) << "prefix of " << n << " bytes";
    }
}

TEST(IppMessage, GarbageIsRefused) {
    EXPECT_FALSE(parse_ipp(nullptr, 0));
    const std::string garbage = "POST / HTTP/1.1\r\n\r\n";
    EXPECT_FALSE(parse_ipp(garbage.data(), garbage.size()));
    // A value length running past the end.
    const std::string bad(
        "\x02\x00\x00\x0b\x00\x00\x00\x01\x01\x47\x00\x12"
        "attributes-charset\xff\xff",
        32);
    EXPECT_FALSE(parse_ipp(bad.data(), bad.size()));
}

TEST(IppMessage, FlippedBytesNeverCrash) {
    const std::string bytes = sample_request();
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        for (unsigned char value : {0x00, 0x7F, 0xFF}) {
            std::string mutated = bytes;
            mutated[i] = static_cast<char>(value);
            ipp::IppPtr parsed = parse_ipp(mutated.data(), mutated.size());
            if (parsed) (void)serialize_ipp(parsed.get());
        }
    }
}

// Found by tests/fuzz: libcups reads any bytes as text, and a stored device attribute with
// invalid UTF-8 made nlohmann::json throw (and the cloud abort) when serialised.
TEST(IppMessage, InvalidUtf8IsMalformed) {
    auto with_text = [](const char* name, ipp_tag_t tag, const char* value, const char* lang) {
        ipp::IppPtr request = ipp::new_request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES,
                                               "http://127.0.0.1/ipp/print/1", "device");
        ipp_t* media = ippNew();
        ippAddString(media, IPP_TAG_ZERO, tag, name, lang, value);
        ippAddCollection(request.get(), IPP_TAG_PRINTER, "media-col-ready", media);
        ippDelete(media);
        return serialize_ipp(request.get());
    };
    const std::string good = with_text("media-key", IPP_TAG_TEXT, "A4 \xe7\xb4\x99", nullptr);
    EXPECT_TRUE(parse_ipp(good.data(), good.size()));
    for (const std::string& bad : {with_text("media-key", IPP_TAG_TEXT, "A4 \xfe\xff", nullptr),
                                   with_text("media-key", IPP_TAG_KEYWORD, "\xc3", nullptr),
                                   with_text("media-key", IPP_TAG_TEXTLANG, "ok", "e\x80"),
                                   with_text("media\xff", IPP_TAG_TEXT, "ok", nullptr)}) {
        EXPECT_FALSE(parse_ipp(bad.data(), bad.size()));
    }
}

TEST(IppMessage, ResolutionUnitsOtherThanDpiAndDpcmAreMalformed) {
    ipp::IppPtr request = ipp::new_request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES,
                                           "http://127.0.0.1/ipp/print/1", "device");
    ippAddResolution(request.get(), IPP_TAG_PRINTER, "printer-resolution-default", IPP_RES_PER_INCH,
                     600, 600);
    std::string bytes = serialize_ipp(request.get());
    ASSERT_TRUE(parse_ipp(bytes.data(), bytes.size()));
    ASSERT_EQ(bytes[bytes.size() - 2], '\x03');  // the units byte, before the end tag
    bytes[bytes.size() - 2] = '\x0b';
    EXPECT_FALSE(parse_ipp(bytes.data(), bytes.size()));
}

TEST(IppMessage, SetStatusAndUnsupported) {
    std::string bytes = sample_request();
    ipp::IppPtr request = parse_ipp(bytes.data(), bytes.size());
    ipp::IppPtr response(ippNewResponse(request.get()));
    set_status(response.get(), IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED, "ignored some");
    add_unsupported(response.get(),
                    ippFindAttribute(request.get(), "printer-state-message", IPP_TAG_ZERO));
    EXPECT_EQ(ippGetStatusCode(response.get()), IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED);
    EXPECT_EQ(ipp::get_string(response.get(), "status-message", IPP_TAG_OPERATION), "ignored some");
    EXPECT_EQ(ipp::get_string(response.get(), "printer-state-message", IPP_TAG_UNSUPPORTED_GROUP),
              "ok");
}

}  // namespace
}  // namespace printlink::cloud
