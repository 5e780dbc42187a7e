#include "daemon/jobs/job_forwarder.h"

#include "tests/unit/daemon/cloud/fake_transport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

namespace printlink::daemon::jobs {
namespace {

using printlink::testing::make_response;

// The cloud as the forwarder sees it: jobs that are fetchable, their tickets and documents.
// It answers by operation and records what it was asked.
class FakeCloud final : public IppTransport, public IppStreamTransport {
  public:
    struct Job {
        std::string uuid;
        std::string document;
        bool canceled_by_client = false;
        std::string format = "application/pdf";  // Fetch-Document's document-format
    };
    // How the cloud misbehaves, per request (each counts down to 0; -1 = for ever).
    struct Faults {
        int cut_documents = 0;          // Fetch-Document cut off halfway (connection dropped)
        int garbage_fetch_jobs = 0;     // Fetch-Job answer unreadable
        int wrong_id_fetch_jobs = 0;    // Fetch-Job answering for another job-id
        int fetch_jobs_without_id = 0;  // Fetch-Job answer without job-id
        int documents_without_format = 0;
        ipp_status_t document_status = IPP_STATUS_OK;  // Fetch-Document's status
    };

    Result<ipp::IppPtr> exchange(ipp::IppPtr request) override {
        return answer(request.get(), nullptr);
    }
    Result<ipp::IppPtr> exchange_streaming(ipp::IppPtr request,
                                           const cloud::BodySink& sink) override {
        return answer(request.get(), &sink);
    }

    std::map<int, Job> jobs;
    std::set<int> fetchable;
    std::vector<ActiveJob> cloud_differs;                   // what Update-Active-Jobs answers
    std::vector<std::string> ops;                           // operation names, in order
    std::vector<std::pair<int, DeviceJobStatus>> statuses;  // Update-Job-Status received
    std::vector<std::vector<ActiveJob>> active_lists;       // Update-Active-Jobs received
    std::vector<std::string> formats_asked;
    Faults faults;
    std::vector<std::pair<int, int>> refused;  // Acknowledge-Job with fetch-status-code
    std::vector<std::string> messages;         // output-device-job-state-message received

    int count(const std::string& op) const { return std::count(ops.begin(), ops.end(), op); }

  private:
    static bool take(int& fault) {
        if (fault == 0) return false;
        if (fault > 0) --fault;
        return true;
    }

    Result<ipp::IppPtr> answer(ipp_t* request, const cloud::BodySink* sink) {
        const int op = ippGetOperation(request);
        const int job_id = ipp::get_integer(request, "job-id").value_or(0);
        ops.push_back(ippOpString(static_cast<ipp_op_t>(op)));
        ipp::IppPtr r = make_response(IPP_STATUS_OK);
        switch (op) {
            case IPP_OP_GET_JOBS:
                for (int id : fetchable) {
                    ippAddSeparator(r.get());
                    ippAddInteger(r.get(), IPP_TAG_JOB, IPP_TAG_INTEGER, "job-id", id);
                }
                break;
            case IPP_OP_FETCH_JOB: {
                const Job& job = jobs.at(job_id);
                if (take(faults.garbage_fetch_jobs))
                    return make_error(ErrorCode::Protocol, "unreadable IPP response");
                if (!take(faults.fetch_jobs_without_id)) {
                    ippAddInteger(r.get(), IPP_TAG_JOB, IPP_TAG_INTEGER, "job-id",
                                  take(faults.wrong_id_fetch_jobs) ? job_id + 1 : job_id);
                }
                ippAddString(r.get(), IPP_TAG_JOB, IPP_TAG_URI, "job-uuid", nullptr,
                             job.uuid.c_str());
                ippAddString(r.get(), IPP_TAG_JOB, IPP_TAG_NAME, "job-name", nullptr, "doc.pdf");
                ippAddInteger(r.get(), IPP_TAG_JOB, IPP_TAG_INTEGER, "copies", 2);
                ippAddString(r.get(), IPP_TAG_JOB, IPP_TAG_KEYWORD, "job-state-reasons", nullptr,
                             job.canceled_by_client ? "job-canceled-by-user" : "job-fetchable");
                break;
            }
            case IPP_OP_ACKNOWLEDGE_JOB:
                fetchable.erase(job_id);
                if (auto code = ipp::get_enum(request, "fetch-status-code"))
                    refused.emplace_back(job_id, *code);
                break;
            case IPP_OP_FETCH_DOCUMENT: {
                formats_asked =
                    ipp::get_strings(request, "document-format-accepted").value_or(formats_asked);
                if (faults.document_status != IPP_STATUS_OK) {
                    ippSetStatusCode(r.get(), faults.document_status);
                    break;
                }
                const Job& job = jobs.at(job_id);
                if (!take(faults.documents_without_format)) {
                    ippAddSeparator(r.get());
                    ippAddString(r.get(), IPP_TAG_DOCUMENT, IPP_TAG_MIMETYPE, "document-format",
                                 nullptr, job.format.c_str());
                }
                const std::string& doc = job.document;
                const bool cut = take(faults.cut_documents);
                for (std::size_t at = 0; at < doc.size(); at += 4) {  // several chunks
                    if (cut && at >= doc.size() / 2)
                        return make_error(ErrorCode::Network, "connection closed mid-document");
                    Status s = (*sink)(doc.data() + at, std::min<std::size_t>(4, doc.size() - at));
                    if (!s) return s.error();
                }
                break;
            }
            case IPP_OP_UPDATE_JOB_STATUS: {
                DeviceJobStatus s;
                s.state = ipp::get_enum(request, "output-device-job-state").value_or(0);
                s.reasons = ipp::get_strings(request, "output-device-job-state-reasons")
                                .value_or(std::vector<std::string>{});
                s.impressions = ipp::get_integer(request, "job-impressions-completed").value_or(-1);
                s.message =
                    ipp::get_string(request, "output-device-job-state-message").value_or("");
                statuses.emplace_back(job_id, s);
                break;
            }
            case IPP_OP_UPDATE_ACTIVE_JOBS: {
                std::vector<ActiveJob> listed;
                auto ids = ipp::get_integers(request, "job-ids").value_or(std::vector<int>{});
                ipp_attribute_t* st =
                    ippFindAttribute(request, "output-device-job-states", IPP_TAG_ENUM);
                for (std::size_t i = 0; i < ids.size(); ++i)
                    listed.push_back({ids[i], ippGetInteger(st, static_cast<int>(i))});
                active_lists.push_back(listed);
                if (!cloud_differs.empty()) {
                    std::vector<int> dids, dstates;
                    for (const auto& d : cloud_differs) {
                        dids.push_back(d.job_id);
                        dstates.push_back(d.state);
                    }
                    ippAddIntegers(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-ids",
                                   static_cast<int>(dids.size()), dids.data());
                    ippAddIntegers(r.get(), IPP_TAG_OPERATION, IPP_TAG_ENUM,
                                   "output-device-job-states", static_cast<int>(dstates.size()),
                                   dstates.data());
                }
                break;
            }
            default:
                break;
        }
        return r;
    }
};

// The local queue: jobs with a marker, documents as written, states the test sets.
class FakeLocal final : public LocalPrinter {
  public:
    struct Job {
        LocalTicket ticket;
        std::string marker;
        std::string document;
        int documents = 0;
        LocalJobStatus status{IPP_JSTATE_PENDING, {}, 0, 0};
        bool canceled = false;
    };

    Result<std::vector<std::string>> formats_accepted() override { return formats; }
    Result<std::optional<int>> find_job(const std::string& marker) override {
        for (const auto& [id, job] : jobs) {
            if (job.marker == marker) return std::optional<int>(id);
        }
        return std::optional<int>();
    }
    Result<int> create_job(const LocalTicket& ticket, const std::string& marker) override {
        const int id = next_id++;
        jobs[id] = Job{ticket, marker, "", 0, {IPP_JSTATE_PENDING, {}, 0, 0}, false};
        ++created;
        return id;
    }
    Status start_document(int job_id) override {
        if (refuse_documents != 0) {
            if (refuse_documents > 0) --refuse_documents;
            return make_error(ErrorCode::Refused, "Send-Document refused");
        }
        open = job_id;
        return Ok{};
    }
    Status write_document(const char* data, std::size_t size) override {
        jobs.at(open).document.append(data, size);
        ++chunks;
        return Ok{};
    }
    Status finish_document() override {
        if (finish_error) return *finish_error;
        jobs.at(open).documents = 1;
        return Ok{};
    }
    void abort_document() override {
        if (open) jobs.at(open).document.clear();
        open = 0;
        ++aborted;
    }
    Result<LocalJobStatus> job_status(int job_id) override {
        auto it = jobs.find(job_id);
        if (it == jobs.end()) return make_error(ErrorCode::NotFound, "gone");
        LocalJobStatus s = it->second.status;
        s.documents = it->second.documents;
        return s;
    }
    Status cancel_job(int job_id) override {
        jobs.at(job_id).canceled = true;
        jobs.at(job_id).status.state = IPP_JSTATE_CANCELED;
        return Ok{};
    }

    std::vector<std::string> formats = {"application/pdf", "image/pwg-raster"};
    std::map<int, Job> jobs;
    int next_id = 100;
    int created = 0;
    int chunks = 0;
    int open = 0;
    int aborted = 0;           // partial documents dropped
    int refuse_documents = 0;  // Send-Document refusals to come (-1: for ever)
    std::optional<Error> finish_error;
};

class JobForwarderTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/job-forwarder-test-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        map_ = std::make_unique<JobMap>(dir_ + "/jobs.json");
        cloud_.jobs[5] = {"urn:uuid:five", "%PDF-1.4 the document bytes", false};
        cloud_.fetchable = {5};
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    // Failed jobs are tried again at the next sync, unless a test wants the delay.
    JobForwarder forwarder(RetryPolicy retry = {3, std::chrono::milliseconds(0),
                                                std::chrono::milliseconds(0)}) {
        return JobForwarder(cloud_, cloud_, local_, *map_,
                            {"ipp://cloud.test/ipp/print/p1", "urn:uuid:device", "", ""}, retry);
    }
    JobMap reloaded() {
        JobMap m(dir_ + "/jobs.json");
        EXPECT_TRUE(m.load().ok());
        return m;
    }

    std::string dir_;
    std::unique_ptr<JobMap> map_;
    FakeCloud cloud_;
    FakeLocal local_;
};

TEST_F(JobForwarderTest, AFetchableJobGoesThroughEveryStepIntoTheLocalQueue) {
    auto f = forwarder();
    ASSERT_TRUE(f.sync().ok());
    const std::vector<std::string> expected = {
        "Update-Active-Jobs",   "Get-Jobs",         "Fetch-Job",
        "Acknowledge-Job",      "Fetch-Job",        "Fetch-Document",
        "Acknowledge-Document", "Update-Job-Status"};
    EXPECT_EQ(cloud_.ops, expected);
    ASSERT_EQ(local_.jobs.size(), 1u);
    const auto& job = local_.jobs.begin()->second;
    EXPECT_EQ(job.document, cloud_.jobs[5].document);
    EXPECT_GT(local_.chunks, 1);  // streamed in pieces, as they came
    EXPECT_EQ(job.marker, "urn:uuid:five");
    EXPECT_EQ(job.ticket.job_name, "doc.pdf");
    EXPECT_EQ(job.ticket.options, (decltype(job.ticket.options){{"copies", "2"}}));
    EXPECT_EQ(cloud_.formats_asked, local_.formats);
    JobMap saved = reloaded();
    ASSERT_NE(saved.find(5), nullptr);
    EXPECT_EQ(saved.find(5)->step, JobStep::Printing);
    EXPECT_EQ(saved.find(5)->local_job_id, 100);
    ASSERT_EQ(cloud_.statuses.size(), 1u);
    EXPECT_EQ(cloud_.statuses[0].second.state, IPP_JSTATE_PENDING);
}

TEST_F(JobForwarderTest, TheLocalEndIsReportedOnce) {
    auto f = forwarder();
    ASSERT_TRUE(f.sync().ok());
    local_.jobs[100].status = {IPP_JSTATE_PROCESSING, {"job-printing"}, 1, 0};
    ASSERT_TRUE(f.follow_progress().ok());
    local_.jobs[100].status = {IPP_JSTATE_COMPLETED, {"none"}, 2, 0};
    ASSERT_TRUE(f.follow_progress().ok());
    ASSERT_TRUE(f.follow_progress().ok());
    ASSERT_EQ(cloud_.statuses.size(), 3u);
    EXPECT_EQ(cloud_.statuses[1].second.state, IPP_JSTATE_PROCESSING);
    EXPECT_EQ(cloud_.statuses[1].second.reasons, std::vector<std::string>{"job-printing"});
    EXPECT_EQ(cloud_.statuses[2].second.state, IPP_JSTATE_COMPLETED);
    EXPECT_EQ(cloud_.statuses[2].second.reasons,
              std::vector<std::string>{"job-completed-successfully"});
    EXPECT_EQ(cloud_.statuses[2].second.impressions, 2);
    EXPECT_EQ(reloaded().find(5)->step, JobStep::ReportedFinal);
    EXPECT_FALSE(f.has_active_jobs());
    EXPECT_TRUE(f.view().empty());
}

TEST_F(JobForwarderTest, ALocalJobMarkedBeforeACrashIsNotCreatedAgain) {
    // The crash came between the local Create-Job and the map write.
    JobRecord rec{5, "urn:uuid:five", "doc.pdf", JobStep::Acknowledged, 0, 0, -1, false, 0, "", ""};
    map_->put(rec);
    local_.jobs[77] = FakeLocal::Job{{}, "urn:uuid:five", "", 0, {IPP_JSTATE_PENDING, {}, 0, 0}};
    cloud_.fetchable.clear();
    auto f = forwarder();
    ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(local_.created, 0);
    EXPECT_EQ(local_.jobs[77].document, cloud_.jobs[5].document);
    EXPECT_EQ(reloaded().find(5)->local_job_id, 77);
    EXPECT_EQ(std::count(cloud_.ops.begin(), cloud_.ops.end(), "Acknowledge-Job"), 0);
}

TEST_F(JobForwarderTest, ADocumentAlreadyInTheLocalJobIsNotFetchedAgain) {
    JobRecord rec{5, "urn:uuid:five", "doc.pdf", JobStep::LocalJobCreated, 100, 0, -1, false, 0, "",
                  ""};
    map_->put(rec);
    local_.jobs[100] =
        FakeLocal::Job{{}, "urn:uuid:five", "done", 1, {IPP_JSTATE_PENDING, {}, 0, 0}};
    cloud_.fetchable.clear();
    auto f = forwarder();
    ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(std::count(cloud_.ops.begin(), cloud_.ops.end(), "Fetch-Document"), 0);
    EXPECT_EQ(std::count(cloud_.ops.begin(), cloud_.ops.end(), "Acknowledge-Document"), 1);
    EXPECT_EQ(local_.jobs[100].document, "done");
    EXPECT_EQ(reloaded().find(5)->step, JobStep::Printing);
}

TEST_F(JobForwarderTest, AReconnectListsTheMapsJobsWithTheirLastReportedState) {
    JobRecord printing{5, "urn:uuid:five", "doc.pdf", JobStep::Printing, 100, 5, 1, false, 0, "",
                       ""};
    JobRecord fresh{6, "urn:uuid:six", "b", JobStep::Fetched, 0, 0, -1, false, 0, "", ""};
    map_->put(printing);
    map_->put(fresh);
    cloud_.jobs[6] = {"urn:uuid:six", "x", false};
    cloud_.fetchable.clear();
    local_.next_id = 200;  // job 6's local job
    local_.jobs[100] =
        FakeLocal::Job{{}, "urn:uuid:five", "d", 1, {IPP_JSTATE_PROCESSING, {}, 1, 0}};
    auto f = forwarder();
    ASSERT_TRUE(f.sync().ok());
    ASSERT_FALSE(cloud_.active_lists.empty());
    ASSERT_EQ(cloud_.active_lists[0].size(), 2u);
    EXPECT_EQ(cloud_.active_lists[0][0].job_id, 5);
    EXPECT_EQ(cloud_.active_lists[0][0].state, IPP_JSTATE_PROCESSING);
    EXPECT_EQ(cloud_.active_lists[0][1].job_id, 6);
    EXPECT_EQ(cloud_.active_lists[0][1].state, IPP_JSTATE_PENDING);
    // Nothing changed locally for job 5: no Update-Job-Status repeated for it.
    for (const auto& [id, s] : cloud_.statuses) EXPECT_NE(id, 5);
}

TEST_F(JobForwarderTest, ACloudCancelStopsTheLocalJobAndItsEndIsReportedAsTheClients) {
    auto f = forwarder();
    ASSERT_TRUE(f.sync().ok());
    cloud_.cloud_differs = {{5, IPP_JSTATE_CANCELED}};
    ASSERT_TRUE(f.sync().ok());
    EXPECT_TRUE(local_.jobs[100].canceled);
    const auto& last = cloud_.statuses.back().second;
    EXPECT_EQ(last.state, IPP_JSTATE_CANCELED);
    EXPECT_EQ(std::count(last.reasons.begin(), last.reasons.end(), "job-canceled-at-device"), 0);
    EXPECT_EQ(reloaded().find(5)->step, JobStep::ReportedFinal);
}

TEST_F(JobForwarderTest, ALocalCancelIsReportedAsCanceledAtDevice) {
    auto f = forwarder();
    ASSERT_TRUE(f.sync().ok());
    local_.jobs[100].status = {IPP_JSTATE_CANCELED, {"job-canceled-by-user"}, 0, 0};
    ASSERT_TRUE(f.follow_progress().ok());
    const auto& last = cloud_.statuses.back().second;
    EXPECT_EQ(last.state, IPP_JSTATE_CANCELED);
    EXPECT_EQ(std::count(last.reasons.begin(), last.reasons.end(), "job-canceled-at-device"), 1);
}

TEST_F(JobForwarderTest, AJobCanceledBeforeItsLocalJobIsNeverPrinted) {
    cloud_.jobs[5].canceled_by_client = true;
    auto f = forwarder();
    ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(local_.created, 0);
    ASSERT_FALSE(cloud_.statuses.empty());
    EXPECT_EQ(cloud_.statuses.back().second.state, IPP_JSTATE_CANCELED);
    EXPECT_EQ(reloaded().find(5)->step, JobStep::ReportedFinal);
}

TEST_F(JobForwarderTest, AQueueTakingAnyBytesAsksForNoFormat) {
    local_.formats = {"application/octet-stream", "application/pdf"};
    auto f = forwarder();
    ASSERT_TRUE(f.sync().ok());
    EXPECT_TRUE(cloud_.formats_asked.empty());
}

// --- Failures: retried, then given up; nothing printed half; the forwarder keeps serving. ---

const DeviceJobStatus& last_status(const FakeCloud& cloud) {
    return cloud.statuses.back().second;
}

bool has(const std::vector<std::string>& values, const std::string& v) {
    return std::find(values.begin(), values.end(), v) != values.end();
}

TEST_F(JobForwarderTest, AConnectionDroppedMidDocumentIsRetriedAndPrintsOnceComplete) {
    cloud_.faults.cut_documents = 1;
    auto f = forwarder();
    ASSERT_TRUE(f.sync().ok());
    ASSERT_EQ(local_.jobs.size(), 1u);
    EXPECT_EQ(local_.aborted, 1);  // the partial document dropped
    EXPECT_EQ(local_.jobs[100].documents, 0);
    EXPECT_EQ(reloaded().find(5)->step, JobStep::LocalJobCreated);
    EXPECT_EQ(reloaded().find(5)->attempts, 1);

    ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(local_.created, 1);  // the same local job took the document
    EXPECT_EQ(local_.jobs[100].document, cloud_.jobs[5].document);
    EXPECT_EQ(local_.jobs[100].documents, 1);
    EXPECT_EQ(reloaded().find(5)->step, JobStep::Printing);
    EXPECT_EQ(reloaded().find(5)->attempts, 0);
}

TEST_F(JobForwarderTest, ADocumentThatKeepsFailingIsAbortedInTheCloudAndItsLocalJobCanceled) {
    cloud_.faults.cut_documents = -1;
    auto f = forwarder();  // 3 attempts
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(reloaded().find(5)->step, JobStep::ReportedFinal);
    ASSERT_TRUE(f.sync().ok());  // given up: not tried again
    EXPECT_EQ(cloud_.count("Fetch-Document"), 3);
    EXPECT_TRUE(local_.jobs[100].canceled);
    EXPECT_EQ(local_.jobs[100].documents, 0);
    const auto& last = last_status(cloud_);
    EXPECT_EQ(last.state, IPP_JSTATE_ABORTED);
    EXPECT_TRUE(has(last.reasons, "document-access-error"));
    EXPECT_NE(last.message.find("mid-document"), std::string::npos) << last.message;
    EXPECT_EQ(reloaded().find(5), nullptr);
    EXPECT_FALSE(f.has_active_jobs());
}

TEST_F(JobForwarderTest, AFailedJobWaitsForItsDelayBeforeTheNextAttempt) {
    cloud_.faults.cut_documents = -1;
    auto f = forwarder({3, std::chrono::hours(1), std::chrono::hours(2)});
    ASSERT_TRUE(f.sync().ok());
    ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(cloud_.count("Fetch-Document"), 1);
    ASSERT_TRUE(f.next_retry().has_value());
    EXPECT_GT(*f.next_retry(), JobForwarder::Clock::now() + std::chrono::minutes(59));
}

TEST_F(JobForwarderTest, TheAttemptsOutliveARestart) {
    cloud_.faults.cut_documents = -1;
    {
        auto f = forwarder();
        ASSERT_TRUE(f.sync().ok());
        ASSERT_TRUE(f.sync().ok());
    }
    JobMap again = reloaded();
    *map_ = std::move(again);
    auto f = forwarder();
    ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(cloud_.count("Fetch-Document"), 3);
    EXPECT_EQ(last_status(cloud_).state, IPP_JSTATE_ABORTED);
}

TEST_F(JobForwarderTest, ALocalQueueThatKeepsRefusingTheDocumentAbortsTheJob) {
    local_.refuse_documents = -1;
    auto f = forwarder();
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(cloud_.count("Fetch-Document"), 0);  // refused before any byte was fetched
    EXPECT_TRUE(local_.jobs[100].canceled);
    EXPECT_EQ(last_status(cloud_).state, IPP_JSTATE_ABORTED);
    EXPECT_TRUE(has(last_status(cloud_).reasons, "document-unprintable-error"));
    EXPECT_NE(last_status(cloud_).message.find("Send-Document refused"), std::string::npos);
}

TEST_F(JobForwarderTest, ADocumentInAFormatTheQueueDoesNotPrintIsAbortedAtOnce) {
    cloud_.jobs[5].format = "application/postscript";  // not in the queue's formats
    auto f = forwarder();
    ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(cloud_.count("Fetch-Document"), 1);
    EXPECT_EQ(local_.jobs[100].documents, 0);  // never finished: nothing prints
    EXPECT_TRUE(local_.jobs[100].canceled);
    EXPECT_EQ(last_status(cloud_).state, IPP_JSTATE_ABORTED);
    EXPECT_TRUE(has(last_status(cloud_).reasons, "document-format-error"));
    EXPECT_NE(last_status(cloud_).message.find("application/postscript"), std::string::npos);
    // The daemon goes on: the next job prints.
    cloud_.jobs[6] = {"urn:uuid:six", "%PDF-1.4 six", false};
    cloud_.fetchable = {6};
    ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(local_.jobs[101].document, "%PDF-1.4 six");
}

TEST_F(JobForwarderTest, ACloudRefusingTheAcceptedFormatsAbortsAtOnce) {
    cloud_.faults.document_status = IPP_STATUS_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED;
    auto f = forwarder();
    ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(cloud_.count("Fetch-Document"), 1);
    EXPECT_TRUE(local_.jobs[100].canceled);
    EXPECT_TRUE(has(last_status(cloud_).reasons, "document-format-error"));
}

TEST_F(JobForwarderTest, ALocalFormatRefusalAbortsAtOnce) {
    local_.finish_error = make_error(ErrorCode::InvalidArgument, "document-format not supported");
    auto f = forwarder();
    ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(cloud_.count("Fetch-Document"), 1);
    EXPECT_TRUE(local_.jobs[100].canceled);
    EXPECT_TRUE(has(last_status(cloud_).reasons, "document-format-error"));
}

TEST_F(JobForwarderTest, ADocumentAnswerWithoutAFormatIsRetried) {
    cloud_.faults.documents_without_format = 1;
    auto f = forwarder();
    ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(local_.jobs[100].documents, 0);
    ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(local_.jobs[100].document, cloud_.jobs[5].document);
    EXPECT_EQ(reloaded().find(5)->step, JobStep::Printing);
}

TEST_F(JobForwarderTest, AFetchJobAnsweringAnotherJobIsNeitherAcknowledgedNorPrinted) {
    cloud_.faults.wrong_id_fetch_jobs = -1;
    auto f = forwarder();
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(local_.created, 0);
    EXPECT_EQ(map_->find(5), nullptr);
    // Refused after the attempts: Acknowledge-Job with a fetch-status-code aborts it.
    ASSERT_EQ(cloud_.refused.size(), 1u);
    EXPECT_EQ(cloud_.refused[0], std::make_pair(5, static_cast<int>(IPP_STATUS_ERROR_INTERNAL)));
}

TEST_F(JobForwarderTest, AnUnreadableFetchJobAnswerIsRetriedThenTheJobPrints) {
    cloud_.faults.garbage_fetch_jobs = 1;
    auto f = forwarder();
    ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(local_.created, 0);
    ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(local_.jobs[100].document, cloud_.jobs[5].document);
    EXPECT_TRUE(cloud_.refused.empty());
}

TEST_F(JobForwarderTest, AFetchJobAnswerWithoutJobIdAfterAcknowledgingAbortsTheJob) {
    // The first Fetch-Job is fine, every later one (for the ticket) has no job-id.
    auto f = forwarder();
    cloud_.fetchable.clear();
    JobRecord rec{5, "urn:uuid:five", "doc.pdf", JobStep::Acknowledged, 0, 0, -1, false, 0, "", ""};
    map_->put(rec);
    cloud_.faults.fetch_jobs_without_id = -1;
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(local_.created, 0);
    EXPECT_EQ(last_status(cloud_).state, IPP_JSTATE_ABORTED);
    EXPECT_NE(last_status(cloud_).message.find("no job-id"), std::string::npos);
}

TEST_F(JobForwarderTest, AFailingJobDoesNotHoldUpTheOthers) {
    cloud_.jobs[6] = {"urn:uuid:six", "%PDF-1.4 six", false};
    cloud_.fetchable = {5, 6};
    local_.refuse_documents = 1;  // job 5's first Send-Document
    auto f = forwarder({3, std::chrono::hours(1), std::chrono::hours(1)});
    ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(local_.jobs[101].document, "%PDF-1.4 six");
    EXPECT_EQ(reloaded().find(6)->step, JobStep::Printing);
    EXPECT_EQ(reloaded().find(5)->step, JobStep::LocalJobCreated);
}

TEST_F(JobForwarderTest, AnAbortTheCloudDidNotHearIsToldAtTheNextRound) {
    cloud_.jobs[5].format = "application/postscript";
    JobRecord rec{5,  "urn:uuid:five", "doc.pdf", JobStep::LocalJobCreated, 100,       3,
                  -1, false,           0,         "document-format-error",  "not here"};
    map_->put(rec);
    local_.jobs[100] = FakeLocal::Job{{}, "urn:uuid:five", "", 0, {IPP_JSTATE_PENDING, {}, 0, 0}};
    cloud_.fetchable.clear();
    auto f = forwarder();
    ASSERT_TRUE(f.sync().ok());
    EXPECT_EQ(cloud_.count("Fetch-Document"), 0);
    EXPECT_TRUE(local_.jobs[100].canceled);
    EXPECT_EQ(last_status(cloud_).message, "not here");
    EXPECT_EQ(reloaded().find(5)->step, JobStep::ReportedFinal);
}

// --- Job events: the echo of the device's own report wakes no round. ---

TEST_F(JobForwarderTest, TheEchoOfTheDevicesOwnReportsNeedsNoSync) {
    auto f = forwarder();
    // A runner's reaction to a batch of job events: a sync when they ask for one.
    auto on_events = [&f](const std::vector<CloudJobEvent>& events) {
        if (f.wants_sync(events)) {
            ASSERT_TRUE(f.sync().ok());
        }
    };
    ASSERT_TRUE(f.sync().ok());  // Acknowledge-Job, then "pending" here: processing there
    on_events({{5, IPP_JSTATE_PROCESSING, {}}});
    on_events({{5, IPP_JSTATE_PROCESSING, {"job-printing"}}});
    local_.jobs[100].status = {IPP_JSTATE_PROCESSING, {"job-printing"}, 1, 0};
    ASSERT_TRUE(f.follow_progress().ok());
    on_events({{5, IPP_JSTATE_PROCESSING, {"job-printing"}}});
    local_.jobs[100].status = {IPP_JSTATE_COMPLETED, {}, 1, 0};
    ASSERT_TRUE(f.follow_progress().ok());
    on_events({{5, IPP_JSTATE_COMPLETED, {"job-completed-successfully"}}});
    on_events({{5, IPP_JSTATE_PROCESSING, {"job-printing"}}});  // a late one
    EXPECT_EQ(cloud_.count("Update-Active-Jobs"), 1);
    EXPECT_EQ(cloud_.count("Get-Jobs"), 1);
}

TEST_F(JobForwarderTest, CloudSideChangesStillWakeASync) {
    auto f = forwarder();
    ASSERT_TRUE(f.sync().ok());
    // A new fetchable job, a client's cancel (state unchanged, its reason new), a state the
    // device did not report.
    EXPECT_TRUE(f.wants_sync({{9, IPP_JSTATE_STOPPED, {"job-fetchable"}}}));
    EXPECT_TRUE(f.wants_sync({{5, IPP_JSTATE_PROCESSING, {"job-canceled-by-user"}}}));
    EXPECT_TRUE(f.wants_sync({{5, IPP_JSTATE_CANCELED, {"job-canceled-by-user"}}}));
    EXPECT_TRUE(f.wants_sync({{5, IPP_JSTATE_PROCESSING, {}}, {0, 0, {}}}));
    EXPECT_FALSE(f.wants_sync({{5, IPP_JSTATE_PROCESSING, {"job-printing"}}}));
}

}  // namespace
}  // namespace printlink::daemon::jobs
