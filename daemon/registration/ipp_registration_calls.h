// RegistrationCalls over libcups: each call opens its own connection (IppConnection, so the
// cloud's TLS certificate is verified before the token is sent) on the registration worker
// thread and hands the result back on the main context.
#pragma once

#include "common/config.h"
#include "daemon/cloud/ipp_connection.h"
#include "daemon/registration/registration_calls.h"
#include "daemon/worker_thread.h"

#include <glib.h>

#include <memory>

namespace printlink::daemon::registration {

class IppRegistrationCalls final : public RegistrationCalls {
  public:
    // ca_file, user_name and user_uri come from [cloud].
    IppRegistrationCalls(const CloudConfig& cloud, GMainContext* main_context);
    ~IppRegistrationCalls() override;
    IppRegistrationCalls(const IppRegistrationCalls&) = delete;
    IppRegistrationCalls& operator=(const IppRegistrationCalls&) = delete;

    void register_output_device(
        const std::string& system_uri, const DeviceCredential& credential,
        std::function<void(Result<cloud::RegisteredPrinter>)> done) override;
    void deregister_output_device(const std::string& printer_uri,
                                  const DeviceCredential& credential,
                                  std::function<void(Status)> done) override;
    void cancel() override;

  private:
    // A connection for the next call, authenticated with the credential; the previous call's
    // connection is broken off and its result dropped.
    Result<std::shared_ptr<cloud::IppConnection>> next_connection(
        const std::string& uri, const DeviceCredential& credential);

    std::string ca_file_, user_name_, user_uri_;
    GMainContext* main_context_;
    std::shared_ptr<cloud::IppConnection> in_flight_;
    unsigned generation_ = 0;
    WorkerThread worker_;
};

}  // namespace printlink::daemon::registration
