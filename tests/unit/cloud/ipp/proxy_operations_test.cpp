// The eleven operations of PWG 5100.18 a Proxy (or, for Get-Output-Device-Attributes, an
// operator) sends to the Infrastructure Printer, one test each: what a successful call does
// and every refusal with its IPP status. The job path as a whole, and Cancel-Job at each
// stage, are in job_operations_test.cpp; Identify-Printer in identify_printer_test.cpp.
#include "ipp_server_fixture.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

namespace printlink::cloud {
namespace {

using testing::kDevice;
using testing::kOtherDevice;
using testing::kPdf;
using testing::Reply;
using Strings = std::vector<std::string>;

class ProxyOperationsTest : public testing::IppServerTest {
  protected:
    ipp::IppPtr document_request(ipp_op_t op, int job_id, std::optional<int> number = 1,
                                 const char* device = kDevice) {
        auto r = job_request(op, job_id, device);
        if (number) {
            ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "document-number", *number);
        }
        return r;
    }
    static void add_fetch_status(ipp_t* r, int code) {
        ippAddInteger(r, IPP_TAG_OPERATION, IPP_TAG_ENUM, "fetch-status-code", code);
    }
    static bool has_unsupported(const Reply& reply, const char* name) {
        ipp_attribute_t* a = ippFindAttribute(reply.ipp.get(), name, IPP_TAG_ZERO);
        for (; a; a = ippFindNextAttribute(reply.ipp.get(), name, IPP_TAG_ZERO)) {
            if (ippGetGroupTag(a) == IPP_TAG_UNSUPPORTED_GROUP) return true;
        }
        return false;
    }
    static Strings unsupported(const Reply& reply, const char* name) {
        return ipp::get_strings(reply.ipp.get(), name, IPP_TAG_UNSUPPORTED_GROUP)
            .value_or(Strings{});
    }
};

TEST_F(ProxyOperationsTest, AcknowledgeDocument) {
    run_client([&] {
        ASSERT_EQ(register_device().status(), IPP_STATUS_OK);
        const int job = print(carol_);
        ASSERT_TRUE(take(job));
        ASSERT_EQ(fetch_document(job).status(), IPP_STATUS_OK);

        EXPECT_EQ(
            call(document_request(IPP_OP_ACKNOWLEDGE_DOCUMENT, job, 1, nullptr), device_).status(),
            IPP_STATUS_ERROR_BAD_REQUEST)
            << "no output-device-uuid";
        EXPECT_EQ(call(document_request(IPP_OP_ACKNOWLEDGE_DOCUMENT, job, std::nullopt), device_)
                      .status(),
                  IPP_STATUS_ERROR_BAD_REQUEST)
            << "no document-number";
        EXPECT_EQ(call(document_request(IPP_OP_ACKNOWLEDGE_DOCUMENT, job, 2), device_).status(),
                  IPP_STATUS_ERROR_NOT_FOUND);
        EXPECT_EQ(call(document_request(IPP_OP_ACKNOWLEDGE_DOCUMENT, 999), device_).status(),
                  IPP_STATUS_ERROR_NOT_FOUND);
        EXPECT_EQ(call(document_request(IPP_OP_ACKNOWLEDGE_DOCUMENT, job, 1, kOtherDevice), device_)
                      .status(),
                  IPP_STATUS_ERROR_NOT_POSSIBLE);
        auto zero = document_request(IPP_OP_ACKNOWLEDGE_DOCUMENT, job);
        add_fetch_status(zero.get(), IPP_STATUS_OK);
        EXPECT_EQ(call(std::move(zero), device_).status(), IPP_STATUS_ERROR_BAD_REQUEST);
        EXPECT_EQ(call(document_request(IPP_OP_ACKNOWLEDGE_DOCUMENT, job), carol_).status(),
                  IPP_STATUS_ERROR_FORBIDDEN);

        // Accepted: document-fetchable is gone, the job prints on.
        EXPECT_EQ(call(document_request(IPP_OP_ACKNOWLEDGE_DOCUMENT, job), device_).status(),
                  IPP_STATUS_OK);
        EXPECT_EQ(fetch_document(job).status(), IPP_STATUS_ERROR_NOT_FETCHABLE);
        EXPECT_EQ(job_attributes(job, carol_).integer("job-state"), IPP_JSTATE_PROCESSING);

        // A device that could not fetch the document says so: the job is aborted.
        const int failing = print(carol_);
        ASSERT_TRUE(take(failing));
        auto failed = document_request(IPP_OP_ACKNOWLEDGE_DOCUMENT, failing);
        add_fetch_status(failed.get(), IPP_STATUS_ERROR_DOCUMENT_ACCESS);
        EXPECT_EQ(call(std::move(failed), device_).status(), IPP_STATUS_OK);
        auto aborted = job_attributes(failing, carol_);
        EXPECT_EQ(aborted.integer("job-state"), IPP_JSTATE_ABORTED);
        char code[8];
        std::snprintf(code, sizeof code, "0x%04x", IPP_STATUS_ERROR_DOCUMENT_ACCESS);
        EXPECT_NE(aborted.string("job-state-message").value_or("").find(code), std::string::npos)
            << "the code is in job-state-message";
    });
}

TEST_F(ProxyOperationsTest, AcknowledgeIdentifyPrinter) {
    run_client([&] {
        auto acknowledge = [&](const char* device) {
            return call(request(IPP_OP_ACKNOWLEDGE_IDENTIFY_PRINTER, device), device_);
        };
        EXPECT_EQ(acknowledge(kDevice).status(), IPP_STATUS_ERROR_NOT_POSSIBLE)
            << "no device is associated yet";
        ASSERT_EQ(register_device().status(), IPP_STATUS_OK);
        EXPECT_EQ(acknowledge(kDevice).status(), IPP_STATUS_ERROR_NOT_POSSIBLE) << "none pending";
        EXPECT_EQ(acknowledge(nullptr).status(), IPP_STATUS_ERROR_BAD_REQUEST);
        EXPECT_EQ(call(request(IPP_OP_ACKNOWLEDGE_IDENTIFY_PRINTER, kDevice), carol_).status(),
                  IPP_STATUS_ERROR_FORBIDDEN);

        auto identify = request(IPP_OP_IDENTIFY_PRINTER);
        const char* actions[] = {"sound", "display"};
        ippAddStrings(identify.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "identify-actions", 2,
                      nullptr, actions);
        ippAddString(identify.get(), IPP_TAG_OPERATION, IPP_TAG_TEXT, "message", nullptr,
                     "Paper for room 4");
        ASSERT_EQ(call(std::move(identify), carol_).status(), IPP_STATUS_OK);
        auto reasons = printer_attributes(device_).strings("printer-state-reasons");
        EXPECT_NE(std::find(reasons.begin(), reasons.end(), "identify-printer-requested"),
                  reasons.end());

        EXPECT_EQ(acknowledge(kOtherDevice).status(), IPP_STATUS_ERROR_NOT_POSSIBLE)
            << "not the associated device";
        auto taken = acknowledge(kDevice);
        ASSERT_EQ(taken.status(), IPP_STATUS_OK);
        EXPECT_EQ(ipp::get_strings(taken.ipp.get(), "identify-actions", IPP_TAG_OPERATION),
                  (Strings{"sound", "display"}));
        EXPECT_EQ(ipp::get_string(taken.ipp.get(), "message", IPP_TAG_OPERATION),
                  "Paper for room 4");
        EXPECT_EQ(printer_attributes(device_).strings("printer-state-reasons"), Strings{"none"});
        EXPECT_EQ(acknowledge(kDevice).status(), IPP_STATUS_ERROR_NOT_POSSIBLE)
            << "taken, so none pending";
    });
}

TEST_F(ProxyOperationsTest, AcknowledgeJob) {
    run_client([&] {
        const int job = print(carol_);
        EXPECT_EQ(call(job_request(IPP_OP_ACKNOWLEDGE_JOB, job), device_).status(),
                  IPP_STATUS_ERROR_BAD_REQUEST)
            << "no output-device-uuid";
        EXPECT_EQ(acknowledge_job(999).status(), IPP_STATUS_ERROR_NOT_FOUND);
        auto zero = job_request(IPP_OP_ACKNOWLEDGE_JOB, job, kDevice);
        add_fetch_status(zero.get(), IPP_STATUS_OK);
        EXPECT_EQ(call(std::move(zero), device_).status(), IPP_STATUS_ERROR_BAD_REQUEST);
        const int incoming = create_job(carol_);
        EXPECT_EQ(acknowledge_job(incoming).status(), IPP_STATUS_ERROR_NOT_FETCHABLE);
        EXPECT_EQ(call(job_request(IPP_OP_ACKNOWLEDGE_JOB, job, kDevice), olivia_).status(),
                  IPP_STATUS_ERROR_FORBIDDEN);

        // Accepted: assigned to this device, job-fetchable removed, processing.
        ASSERT_EQ(acknowledge_job(job).status(), IPP_STATUS_OK);
        auto assigned = job_attributes(job, carol_);
        EXPECT_EQ(assigned.integer("job-state"), IPP_JSTATE_PROCESSING);
        EXPECT_EQ(assigned.string("output-device-uuid-assigned"), kDevice);
        auto reasons = assigned.strings("job-state-reasons");
        EXPECT_EQ(std::find(reasons.begin(), reasons.end(), "job-fetchable"), reasons.end());
        EXPECT_EQ(acknowledge_job(job).status(), IPP_STATUS_OK) << "again: nothing changes";
        EXPECT_EQ(acknowledge_job(job, kOtherDevice).status(), IPP_STATUS_ERROR_NOT_POSSIBLE);

        // A device that could not fetch the job: aborted, the code in job-state-message.
        const int failing = print(carol_);
        auto failed = job_request(IPP_OP_ACKNOWLEDGE_JOB, failing, kDevice);
        add_fetch_status(failed.get(), IPP_STATUS_ERROR_CONFLICTING);
        ippAddString(failed.get(), IPP_TAG_OPERATION, IPP_TAG_TEXT, "fetch-status-message", nullptr,
                     "no duplex unit");
        EXPECT_EQ(call(std::move(failed), device_).status(), IPP_STATUS_OK);
        auto aborted = job_attributes(failing, carol_);
        EXPECT_EQ(aborted.integer("job-state"), IPP_JSTATE_ABORTED);
        EXPECT_NE(aborted.string("job-state-message").value_or("").find("no duplex unit"),
                  std::string::npos);
        EXPECT_EQ(acknowledge_job(failing).status(), IPP_STATUS_ERROR_NOT_FETCHABLE)
            << "an ended job";
    });
}

TEST_F(ProxyOperationsTest, DeregisterOutputDevice) {
    run_client([&] {
        EXPECT_EQ(call(request(IPP_OP_DEREGISTER_OUTPUT_DEVICE, kDevice), device_).status(),
                  IPP_STATUS_ERROR_NOT_POSSIBLE)
            << "not associated";
        ASSERT_EQ(register_device().status(), IPP_STATUS_OK);
        const int job = print(carol_);
        ASSERT_TRUE(take(job));
        EXPECT_EQ(call(request(IPP_OP_DEREGISTER_OUTPUT_DEVICE), device_).status(),
                  IPP_STATUS_ERROR_BAD_REQUEST);
        EXPECT_EQ(call(request(IPP_OP_DEREGISTER_OUTPUT_DEVICE, kOtherDevice), device_).status(),
                  IPP_STATUS_ERROR_NOT_POSSIBLE);
        EXPECT_EQ(call(request(IPP_OP_DEREGISTER_OUTPUT_DEVICE, kDevice), olivia_).status(),
                  IPP_STATUS_ERROR_FORBIDDEN);

        ASSERT_EQ(call(request(IPP_OP_DEREGISTER_OUTPUT_DEVICE, kDevice), device_).status(),
                  IPP_STATUS_OK);
        auto printer = printer_attributes(carol_);
        EXPECT_EQ(printer.integer("printer-state"), IPP_PSTATE_STOPPED) << "no device: stopped";
        EXPECT_FALSE(printer.string("output-device-uuid-supported"));
        EXPECT_EQ(job_attributes(job, carol_).integer("job-state"), IPP_JSTATE_PROCESSING)
            << "assigned jobs keep their state";
        EXPECT_EQ(call(request(IPP_OP_DEREGISTER_OUTPUT_DEVICE, kDevice), device_).status(),
                  IPP_STATUS_ERROR_NOT_POSSIBLE)
            << "already gone";
    });
}

TEST_F(ProxyOperationsTest, FetchDocument) {
    run_client([&] {
        const int job = print(carol_);
        EXPECT_EQ(call(document_request(IPP_OP_FETCH_DOCUMENT, job, 1, nullptr), device_).status(),
                  IPP_STATUS_ERROR_BAD_REQUEST);
        EXPECT_EQ(
            call(document_request(IPP_OP_FETCH_DOCUMENT, job, std::nullopt), device_).status(),
            IPP_STATUS_ERROR_BAD_REQUEST);
        EXPECT_EQ(call(document_request(IPP_OP_FETCH_DOCUMENT, job, 2), device_).status(),
                  IPP_STATUS_ERROR_NOT_FOUND);
        EXPECT_EQ(call(document_request(IPP_OP_FETCH_DOCUMENT, 999), device_).status(),
                  IPP_STATUS_ERROR_NOT_FOUND);
        const int incoming = create_job(carol_);
        EXPECT_EQ(fetch_document(incoming).status(), IPP_STATUS_ERROR_NOT_FETCHABLE)
            << "no document yet";
        EXPECT_EQ(call(document_request(IPP_OP_FETCH_DOCUMENT, job), carol_).status(),
                  IPP_STATUS_ERROR_FORBIDDEN);

        ASSERT_TRUE(take(job));
        EXPECT_EQ(
            call(document_request(IPP_OP_FETCH_DOCUMENT, job, 1, kOtherDevice), device_).status(),
            IPP_STATUS_ERROR_NOT_POSSIBLE);
        EXPECT_EQ(fetch_document(job, "image/pwg-raster").status(),
                  IPP_STATUS_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED)
            << "the cloud converts nothing";
        auto gzip = document_request(IPP_OP_FETCH_DOCUMENT, job);
        ippAddString(gzip.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "compression-accepted",
                     nullptr, "gzip");
        EXPECT_EQ(call(std::move(gzip), device_).status(),
                  IPP_STATUS_ERROR_COMPRESSION_NOT_SUPPORTED);

        auto fetched = fetch_document(job, "application/pdf");
        ASSERT_EQ(fetched.status(), IPP_STATUS_OK);
        EXPECT_EQ(fetched.trailing, kPdf);
        EXPECT_EQ(ipp::get_string(fetched.ipp.get(), "compression", IPP_TAG_OPERATION), "none");
        EXPECT_EQ(ipp::get_integer(fetched.ipp.get(), "document-number", IPP_TAG_DOCUMENT), 1);
        EXPECT_EQ(ipp::get_string(fetched.ipp.get(), "document-state-reasons", IPP_TAG_DOCUMENT),
                  "document-fetchable");
        EXPECT_EQ(fetch_document(job).trailing, kPdf) << "fetchable until acknowledged";
    });
}

TEST_F(ProxyOperationsTest, FetchJob) {
    run_client([&] {
        const int job = print(carol_);
        auto fetch = [&](int id, const char* device) {
            return call(job_request(IPP_OP_FETCH_JOB, id, device), device_);
        };
        EXPECT_EQ(fetch(job, nullptr).status(), IPP_STATUS_ERROR_BAD_REQUEST);
        EXPECT_EQ(fetch(999, kDevice).status(), IPP_STATUS_ERROR_NOT_FOUND);
        EXPECT_EQ(fetch(create_job(carol_), kDevice).status(), IPP_STATUS_ERROR_NOT_FETCHABLE)
            << "still incoming";
        EXPECT_EQ(call(job_request(IPP_OP_FETCH_JOB, job, kDevice), carol_).status(),
                  IPP_STATUS_ERROR_FORBIDDEN);

        auto ticket = fetch(job, kDevice);
        ASSERT_EQ(ticket.status(), IPP_STATUS_OK);
        EXPECT_EQ(ticket.integer("copies"), 2) << "the ticket as the client sent it";
        EXPECT_EQ(ticket.string("sides"), "two-sided-long-edge");
        EXPECT_EQ(ticket.strings("job-state-reasons"), Strings{"job-fetchable"});
        ASSERT_EQ(acknowledge_job(job).status(), IPP_STATUS_OK);
        EXPECT_EQ(fetch(job, kDevice).status(), IPP_STATUS_OK) << "its own device may read it";
        EXPECT_EQ(fetch(job, kOtherDevice).status(), IPP_STATUS_ERROR_NOT_POSSIBLE);
        ASSERT_EQ(report(job, IPP_JSTATE_COMPLETED).status(), IPP_STATUS_OK);
        EXPECT_EQ(fetch(job, kDevice).status(), IPP_STATUS_ERROR_NOT_FETCHABLE) << "ended";
    });
}

TEST_F(ProxyOperationsTest, GetOutputDeviceAttributes) {
    run_client([&] {
        auto get = [&](const std::string& auth, const char* device) {
            return call(request(IPP_OP_GET_OUTPUT_DEVICE_ATTRIBUTES, device), auth);
        };
        EXPECT_EQ(get(carol_, kDevice).status(), IPP_STATUS_ERROR_FORBIDDEN) << "a user";
        EXPECT_EQ(get(device_, kDevice).status(), IPP_STATUS_ERROR_FORBIDDEN) << "the Proxy";
        EXPECT_EQ(get(olivia_, nullptr).status(), IPP_STATUS_ERROR_BAD_REQUEST);
        EXPECT_EQ(get(olivia_, kDevice).status(), IPP_STATUS_ERROR_NOT_FOUND) << "none yet";

        ASSERT_EQ(register_device(kDevice,
                                  [](ipp_t* r) {
                                      ippAddString(r, IPP_TAG_PRINTER, IPP_TAG_TEXT,
                                                   "printer-make-and-model", nullptr,
                                                   "Example PL-100");
                                      const char* sides[] = {"one-sided", "two-sided-long-edge"};
                                      ippAddStrings(r, IPP_TAG_PRINTER, IPP_TAG_KEYWORD,
                                                    "sides-supported", 2, nullptr, sides);
                                  })
                      .status(),
                  IPP_STATUS_OK);
        EXPECT_EQ(get(olivia_, kOtherDevice).status(), IPP_STATUS_ERROR_NOT_FOUND);

        auto all = get(olivia_, kDevice);
        ASSERT_EQ(all.status(), IPP_STATUS_OK);
        EXPECT_EQ(ipp::get_string(all.ipp.get(), "printer-make-and-model", IPP_TAG_PRINTER),
                  "Example PL-100");
        EXPECT_EQ(all.strings("sides-supported"), (Strings{"one-sided", "two-sided-long-edge"}));
        EXPECT_FALSE(all.string("printer-uri-supported")) << "only what the device reported";
        EXPECT_FALSE(ippFindAttribute(all.ipp.get(), "operations-supported", IPP_TAG_ZERO));

        auto some = request(IPP_OP_GET_OUTPUT_DEVICE_ATTRIBUTES, kDevice);
        ippAddString(some.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                     nullptr, "sides-supported");
        auto filtered = call(std::move(some), olivia_);
        ASSERT_EQ(filtered.status(), IPP_STATUS_OK);
        EXPECT_EQ(filtered.strings("sides-supported").size(), 2u);
        EXPECT_FALSE(filtered.string("printer-make-and-model"));
    });
}

TEST_F(ProxyOperationsTest, UpdateActiveJobs) {
    run_client([&] {
        ASSERT_EQ(register_device().status(), IPP_STATUS_OK);
        auto mismatched = request(IPP_OP_UPDATE_ACTIVE_JOBS, kDevice);
        ippAddInteger(mismatched.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-ids", 1);
        EXPECT_EQ(call(std::move(mismatched), device_).status(), IPP_STATUS_ERROR_BAD_REQUEST);
        EXPECT_EQ(active_jobs({1}, {2}).status(), IPP_STATUS_ERROR_BAD_REQUEST)
            << "2 is no job-state";
        auto keywords = request(IPP_OP_UPDATE_ACTIVE_JOBS, kDevice);
        ippAddInteger(keywords.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-ids", 1);
        ippAddString(keywords.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "output-device-job-states",
                     nullptr, "processing");
        EXPECT_EQ(call(std::move(keywords), device_).status(), IPP_STATUS_ERROR_BAD_REQUEST);
        EXPECT_EQ(call(request(IPP_OP_UPDATE_ACTIVE_JOBS), device_).status(),
                  IPP_STATUS_ERROR_BAD_REQUEST)
            << "no output-device-uuid";
        EXPECT_EQ(call(request(IPP_OP_UPDATE_ACTIVE_JOBS, kDevice), carol_).status(),
                  IPP_STATUS_ERROR_FORBIDDEN);

        const int ended = print(carol_);      // the device finished it, the report got lost
        const int running = print(carol_);    // the cloud and the device agree
        const int forgotten = print(carol_);  // the device lost it (restarted)
        const int done = print(carol_);       // reported done, the device still lists it
        const int fetchable = print(carol_);  // nobody took it
        for (int job : {ended, running, forgotten, done}) ASSERT_TRUE(take(job));
        ASSERT_EQ(report(running, IPP_JSTATE_PROCESSING).status(), IPP_STATUS_OK);
        ASSERT_EQ(report(done, IPP_JSTATE_COMPLETED).status(), IPP_STATUS_OK);

        auto synced =
            active_jobs({ended, running, done, fetchable, 999},
                        {IPP_JSTATE_COMPLETED, IPP_JSTATE_PROCESSING, IPP_JSTATE_PROCESSING,
                         IPP_JSTATE_PROCESSING, IPP_JSTATE_PROCESSING});
        ASSERT_EQ(synced.status(), IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED);
        auto ids = ipp::get_integers(synced.ipp.get(), "job-ids", IPP_TAG_OPERATION);
        ipp_attribute_t* states_attr =
            ippFindAttribute(synced.ipp.get(), "output-device-job-states", IPP_TAG_ZERO);
        ASSERT_TRUE(ids && states_attr);
        EXPECT_EQ(ippGetValueTag(states_attr), IPP_TAG_ENUM);
        EXPECT_EQ(*ids, (std::vector<int>{done, forgotten}));
        EXPECT_EQ(ippGetInteger(states_attr, 0), IPP_JSTATE_COMPLETED) << "stop it, it is done";
        EXPECT_EQ(ippGetInteger(states_attr, 1), IPP_JSTATE_PROCESSING) << "take it back";
        EXPECT_EQ(ipp::get_integers(synced.ipp.get(), "job-ids", IPP_TAG_UNSUPPORTED_GROUP),
                  (std::vector<int>{fetchable, 999}))
            << "not assigned to this device";

        auto finished = job_attributes(ended, carol_);
        EXPECT_EQ(finished.integer("job-state"), IPP_JSTATE_COMPLETED)
            << "the device's word ends the job";
        EXPECT_EQ(finished.strings("job-state-reasons"), Strings{"job-completed-successfully"});
        EXPECT_EQ(job_attributes(forgotten, carol_).integer("job-state"), IPP_JSTATE_PROCESSING)
            << "an unlisted job is left as it is";
        EXPECT_EQ(job_attributes(fetchable, carol_).integer("job-state"), IPP_JSTATE_STOPPED);

        auto agreed =
            active_jobs({running, forgotten}, {IPP_JSTATE_PROCESSING, IPP_JSTATE_PROCESSING});
        EXPECT_EQ(agreed.status(), IPP_STATUS_OK);
        EXPECT_FALSE(ipp::get_integers(agreed.ipp.get(), "job-ids", IPP_TAG_OPERATION));
    });
}

TEST_F(ProxyOperationsTest, UpdateDocumentStatus) {
    run_client([&] {
        const int job = print(carol_);
        auto status = [&](std::optional<int> number, const char* device) {
            auto r = document_request(IPP_OP_UPDATE_DOCUMENT_STATUS, job, number, device);
            ippAddInteger(r.get(), IPP_TAG_DOCUMENT, IPP_TAG_INTEGER, "impressions-completed", 1);
            return call(std::move(r), device_);
        };
        EXPECT_EQ(status(1, nullptr).status(), IPP_STATUS_ERROR_BAD_REQUEST);
        EXPECT_EQ(status(1, kDevice).status(), IPP_STATUS_ERROR_NOT_POSSIBLE) << "not assigned";
        EXPECT_EQ(call(document_request(IPP_OP_UPDATE_DOCUMENT_STATUS, 999), device_).status(),
                  IPP_STATUS_ERROR_NOT_FOUND);
        ASSERT_TRUE(take(job));
        EXPECT_EQ(status(1, kOtherDevice).status(), IPP_STATUS_ERROR_NOT_POSSIBLE);
        EXPECT_EQ(status(std::nullopt, kDevice).status(), IPP_STATUS_ERROR_BAD_REQUEST);
        EXPECT_EQ(status(2, kDevice).status(), IPP_STATUS_ERROR_NOT_FOUND);
        EXPECT_EQ(call(document_request(IPP_OP_UPDATE_DOCUMENT_STATUS, job), carol_).status(),
                  IPP_STATUS_ERROR_FORBIDDEN);

        // Accepted, but document progress is not kept: it comes back as ignored.
        auto accepted = status(1, kDevice);
        EXPECT_EQ(accepted.status(), IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED);
        EXPECT_TRUE(has_unsupported(accepted, "impressions-completed"));
        EXPECT_EQ(call(document_request(IPP_OP_UPDATE_DOCUMENT_STATUS, job), device_).status(),
                  IPP_STATUS_OK)
            << "nothing to ignore";
    });
}

TEST_F(ProxyOperationsTest, UpdateJobStatus) {
    run_client([&] {
        const int job = print(carol_);
        EXPECT_EQ(call(job_request(IPP_OP_UPDATE_JOB_STATUS, job), device_).status(),
                  IPP_STATUS_ERROR_BAD_REQUEST);
        EXPECT_EQ(report(999, IPP_JSTATE_PROCESSING).status(), IPP_STATUS_ERROR_NOT_FOUND);
        EXPECT_EQ(report(job, IPP_JSTATE_COMPLETED).status(), IPP_STATUS_ERROR_NOT_POSSIBLE)
            << "not assigned to this device";
        EXPECT_EQ(call(job_request(IPP_OP_UPDATE_JOB_STATUS, job, kDevice), carol_).status(),
                  IPP_STATUS_ERROR_FORBIDDEN);
        ASSERT_TRUE(take(job));

        auto stopped = job_request(IPP_OP_UPDATE_JOB_STATUS, job, kDevice);
        ippAddInteger(stopped.get(), IPP_TAG_JOB, IPP_TAG_ENUM, "output-device-job-state",
                      IPP_JSTATE_STOPPED);
        ippAddString(stopped.get(), IPP_TAG_JOB, IPP_TAG_KEYWORD, "output-device-job-state-reasons",
                     nullptr, "media-empty");
        ippAddString(stopped.get(), IPP_TAG_JOB, IPP_TAG_TEXT, "output-device-job-state-message",
                     nullptr, "Load A4");
        ippAddInteger(stopped.get(), IPP_TAG_JOB, IPP_TAG_INTEGER, "job-pages-completed", 1);
        ASSERT_EQ(call(std::move(stopped), device_).status(), IPP_STATUS_OK);
        auto seen = job_attributes(job, carol_);
        EXPECT_EQ(seen.integer("job-state"), IPP_JSTATE_STOPPED);
        EXPECT_EQ(seen.strings("job-state-reasons"), Strings{"media-empty"});
        EXPECT_EQ(seen.string("output-device-job-state-message"), "Load A4");
        EXPECT_EQ(seen.integer("job-pages-completed"), 1);

        auto done = job_request(IPP_OP_UPDATE_JOB_STATUS, job, kDevice);
        ippAddInteger(done.get(), IPP_TAG_JOB, IPP_TAG_ENUM, "output-device-job-state",
                      IPP_JSTATE_COMPLETED);
        ippAddString(done.get(), IPP_TAG_JOB, IPP_TAG_KEYWORD, "job-priority-actual", nullptr, "x");
        auto ignored = call(std::move(done), device_);
        EXPECT_EQ(ignored.status(), IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED);
        EXPECT_EQ(unsupported(ignored, "job-priority-actual"), Strings{"x"});
        EXPECT_EQ(job_attributes(job, carol_).integer("job-state"), IPP_JSTATE_COMPLETED);
    });
}

TEST_F(ProxyOperationsTest, UpdateOutputDeviceAttributes) {
    run_client([&] {
        EXPECT_EQ(call(request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES), device_).status(),
                  IPP_STATUS_ERROR_BAD_REQUEST);
        EXPECT_EQ(call(request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES, kDevice), olivia_).status(),
                  IPP_STATUS_ERROR_FORBIDDEN);

        // Registration by update (INFRA §4.2.1): the device and its state appear.
        ASSERT_EQ(
            register_device(
                kDevice,
                [](ipp_t* r) {
                    const char* media[] = {"iso_a4_210x297mm", "na_letter_8.5x11in", "iso_a5"};
                    ippAddStrings(r, IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "media-ready", 3, nullptr,
                                  media);
                })
                .status(),
            IPP_STATUS_OK);
        auto printer = printer_attributes(carol_);
        EXPECT_EQ(printer.integer("printer-state"), IPP_PSTATE_IDLE);
        EXPECT_EQ(printer.string("output-device-uuid-supported"), kDevice);

        // Sparse updates (INFRA §4.4): value 2 replaced, a value appended, a malformed index
        // and an out-of-range status returned as unsupported.
        auto sparse = request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES, kDevice);
        ippAddString(sparse.get(), IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "media-ready.2", nullptr,
                     "iso_a3_297x420mm");
        ippAddString(sparse.get(), IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "media-ready.7", nullptr,
                     "custom_roll");
        ippAddString(sparse.get(), IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "media-ready.3-1", nullptr,
                     "x");
        ippAddInteger(sparse.get(), IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", 9);
        auto updated = call(std::move(sparse), device_);
        ASSERT_EQ(updated.status(), IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED);
        EXPECT_EQ(unsupported(updated, "media-ready.3-1"), Strings{"x"});
        EXPECT_TRUE(has_unsupported(updated, "printer-state"));
        EXPECT_EQ(printer_attributes(carol_).strings("media-ready"),
                  (Strings{"iso_a4_210x297mm", "iso_a3_297x420mm", "iso_a5", "custom_roll"}));

        // delete-attribute on a range, then on the whole attribute.
        auto trim = request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES, kDevice);
        ippAddOutOfBand(trim.get(), IPP_TAG_PRINTER, IPP_TAG_DELETEATTR, "media-ready.1-3");
        ASSERT_EQ(call(std::move(trim), device_).status(), IPP_STATUS_OK);
        EXPECT_EQ(printer_attributes(carol_).strings("media-ready"), Strings{"custom_roll"});
        auto remove = request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES, kDevice);
        ippAddOutOfBand(remove.get(), IPP_TAG_PRINTER, IPP_TAG_DELETEATTR, "media-ready");
        ASSERT_EQ(call(std::move(remove), device_).status(), IPP_STATUS_OK);
        EXPECT_FALSE(printer_attributes(carol_).string("media-ready"));
    });
}

}  // namespace
}  // namespace printlink::cloud
