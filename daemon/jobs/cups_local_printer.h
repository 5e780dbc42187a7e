// LocalPrinter on the local cupsd (config device.cups_server, device.queue), with libcups.
// Used from one thread only: the job forwarder's.
#pragma once

#include "common/config.h"
#include "daemon/cups/cups_connection.h"
#include "daemon/jobs/local_printer.h"

namespace printlink::daemon::jobs {

// The job attribute that carries the cloud job-uuid in the local job (cupsd keeps the job
// attributes a Create-Job sends).
inline constexpr const char* kMarkerAttribute = "printlink-cloud-job-uuid";

class CupsLocalPrinter final : public LocalPrinter {
  public:
    explicit CupsLocalPrinter(const DeviceConfig& config);

    Result<std::vector<std::string>> formats_accepted() override;
    Result<std::optional<int>> find_job(const std::string& marker) override;
    Result<int> create_job(const LocalTicket& ticket, const std::string& marker) override;
    Status start_document(int job_id) override;
    Status write_document(const char* data, std::size_t size) override;
    Status finish_document() override;
    void abort_document() override;
    Result<LocalJobStatus> job_status(int job_id) override;
    Status cancel_job(int job_id) override;

  private:
    Error cups_error(const std::string& what) const;

    std::string queue_;
    CupsConnection connection_;
    bool document_open_ = false;
};

}  // namespace printlink::daemon::jobs
