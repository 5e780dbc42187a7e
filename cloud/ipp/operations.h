// The IPP operations of printlink-cloud's Infrastructure Printer, one function each (the
// files in this directory are named after them). Each reads 'request' and fills 'response'
// (made by ippNewResponse, so it already holds the charset, language and request-id).
#pragma once

#include "cloud/cloud_context.h"
#include "cloud/ipp/requester.h"
#include "cloud/store/printer_store.h"

#include <cups/ipp.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>

namespace printlink::cloud {

struct Requester;

struct OperationContext {
    CloudContext& cloud;
    const PrinterRecord& printer;  // the printer the URL names and the token belongs to
    ipp_t* request;
    ipp_t* response;
    std::int64_t now;
    // Who sent the request; nullptr when a held Get-Notifications is evaluated again (it
    // passed the access checks when it arrived, and a subscription's owner never changes).
    const Requester* who = nullptr;
};

// PWG 5100.18 §5.10.
void update_output_device_attributes(OperationContext& op);
// The subscription operations (RFC 3995 §11) are in subscription_operations.h.
// RFC 8011 §4.2.5, answered with the composite attributes (PWG 5100.18 §4.1).
void get_printer_attributes(OperationContext& op);
// PWG 5100.18 §6.1: the device's own attributes, for operators and administrators.
void get_output_device_attributes(OperationContext& op);
// Identify-Printer by a client (PWG 5100.18 §4.1.5, §8.5) and the Proxy's
// Acknowledge-Identify-Printer (§5.2): identify_printer.cpp.
void identify_printer(OperationContext& op, const Requester& who);
void acknowledge_identify_printer(OperationContext& op);
// docs/protocol.md §3.
void acknowledge_update_firmware(OperationContext& op);

// RFC 3996 §5. Only the owner of a subscription, an operator or administrator, or the
// printer's device may read its events (subscription_access.h; checked when op.who is set).
// Returns false, leaving 'response' untouched, when the request asks to wait
// (notify-wait), nothing is there to send yet and 'must_answer' is false: the caller holds
// it. Otherwise fills the response (ending wait mode) and returns true.
bool get_notifications(OperationContext& op, bool must_answer);

// The subscription ids a Get-Notifications request names (empty when malformed).
std::vector<std::int64_t> requested_subscription_ids(ipp_t* request);

}  // namespace printlink::cloud
