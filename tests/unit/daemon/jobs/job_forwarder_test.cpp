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

  private:
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
                break;
            case IPP_OP_FETCH_DOCUMENT: {
                formats_asked =
                    ipp::get_strings(request, "document-format-accepted").value_or(formats_asked);
                const std::string& doc = jobs.at(job_id).document;
                for (std::size_t at = 0; at < doc.size(); at += 4) {  // several chunks
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
        open = job_id;
        return Ok{};
    }
    Status write_document(const char* data, std::size_t size) override {
        jobs.at(open).document.append(data, size);
        ++chunks;
        return Ok{};
    }
    Status finish_document() override {
        jobs.at(open).documents = 1;
        return Ok{};
    }
    void abort_document() override { jobs.at(open).document.clear(); }
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

    JobForwarder forwarder() {
        return JobForwarder(cloud_, cloud_, local_, *map_,
                            {"ipp://cloud.test/ipp/print/p1", "urn:uuid:device", "", ""});
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
    JobRecord rec{5, "urn:uuid:five", "doc.pdf", JobStep::Acknowledged, 0, 0, -1, false};
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
    JobRecord rec{5, "urn:uuid:five", "doc.pdf", JobStep::LocalJobCreated, 100, 0, -1, false};
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
    JobRecord printing{5, "urn:uuid:five", "doc.pdf", JobStep::Printing, 100, 5, 1, false};
    JobRecord fresh{6, "urn:uuid:six", "b", JobStep::Fetched, 0, 0, -1, false};
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

}  // namespace
}  // namespace printlink::daemon::jobs
