#include "backend/device_uri.h"

#include <gtest/gtest.h>

namespace printlink::backend {
namespace {

TEST(DeviceUri, SplitsTheRealUriOffThePrintlinkPrefix) {
    auto device = parse_device_uri("printlink:socket://10.0.0.5:9100");
    ASSERT_TRUE(device) << device.error().message;
    EXPECT_EQ(device->scheme, "socket");
    EXPECT_EQ(device->uri, "socket://10.0.0.5:9100");
    EXPECT_EQ(device->display_uri, "socket://10.0.0.5:9100");
}

TEST(DeviceUri, KeepsUsbAndPathOnlyUrisWhole) {
    auto usb = parse_device_uri("printlink:usb://Example/PL-100?serial=X1%402");
    ASSERT_TRUE(usb);
    EXPECT_EQ(usb->scheme, "usb");
    EXPECT_EQ(usb->uri, "usb://Example/PL-100?serial=X1%402");
    EXPECT_EQ(usb->display_uri, usb->uri);  // an '@' after the authority is not a user

    auto file = parse_device_uri("printlink:record:/var/spool/x@y");
    ASSERT_TRUE(file);
    EXPECT_EQ(file->scheme, "record");
    EXPECT_EQ(file->display_uri, "record:/var/spool/x@y");
}

TEST(DeviceUri, CredentialsStayInTheUriButNotInTheDisplayForm) {
    auto device = parse_device_uri("printlink:ipps://alice:s3cret@printer.example:631/ipp/print");
    ASSERT_TRUE(device);
    EXPECT_EQ(device->scheme, "ipps");
    EXPECT_EQ(device->uri, "ipps://alice:s3cret@printer.example:631/ipp/print");
    EXPECT_EQ(device->display_uri, "ipps://printer.example:631/ipp/print");
}

TEST(DeviceUri, ThePrefixIsCaseInsensitiveLikeAnyScheme) {
    auto device = parse_device_uri("PrintLink:socket://h");
    ASSERT_TRUE(device);
    EXPECT_EQ(device->uri, "socket://h");
}

TEST(DeviceUri, RefusesWhatNamesNoUsableBackend) {
    for (const char* bad : {
             "socket://10.0.0.5:9100",          // not ours
             "printlink:",                      // nothing wrapped
             "printlink:socket",                // no scheme separator
             "printlink:://x",                  // empty scheme
             "printlink:../../bin/sh:x",        // a path, not a scheme
             "printlink:/usr/bin/x:y",          // ditto
             "printlink:9p://x",                // schemes start with a letter
             "printlink:so cket://x",           // no spaces
             "printlink:printlink:socket://x",  // would exec itself forever
             "printlink:PRINTLINK:socket://x",
         }) {
        auto device = parse_device_uri(bad);
        EXPECT_FALSE(device) << bad;
        if (!device) {
            EXPECT_EQ(device.error().code, ErrorCode::InvalidArgument) << bad;
        }
    }
}

TEST(DeviceUri, ErrorsNeverRepeatCredentials) {
    auto device = parse_device_uri("printlink:so cket://alice:s3cret@h");
    ASSERT_FALSE(device);
    EXPECT_EQ(device.error().message.find("s3cret"), std::string::npos);
}

TEST(WithoutCredentials, RemovesOnlyTheUserinfo) {
    EXPECT_EQ(without_credentials("socket://u:p@h:9100/x?y=1"), "socket://h:9100/x?y=1");
    EXPECT_EQ(without_credentials("lpd://user@h/queue"), "lpd://h/queue");
    EXPECT_EQ(without_credentials("ipp://a@b:c@h/"), "ipp://h/");  // up to the last '@'
    EXPECT_EQ(without_credentials("ipp://h/p@q"), "ipp://h/p@q");
    EXPECT_EQ(without_credentials("ipp://u:p@h"), "ipp://h");
    EXPECT_EQ(without_credentials("serial:/dev/ttyS0"), "serial:/dev/ttyS0");
    EXPECT_EQ(without_credentials("nothing"), "nothing");
}

}  // namespace
}  // namespace printlink::backend
