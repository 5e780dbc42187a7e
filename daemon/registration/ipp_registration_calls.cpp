#include "daemon/registration/ipp_registration_calls.h"

#include "daemon/cloud/deregister_output_device.h"
#include "daemon/cloud/endpoint.h"
#include "daemon/firmware/main_context_post.h"

namespace printlink::daemon::registration {
namespace {

// Both operations answer at once; this only bounds a hang.
constexpr int kTimeoutSeconds = 30;

}  // namespace

IppRegistrationCalls::IppRegistrationCalls(const CloudConfig& cloud, GMainContext* main_context)
    : ca_file_(cloud.ca_file),
      user_name_(cloud.user_name),
      user_uri_(cloud.user_uri),
      main_context_(main_context),
      worker_(main_context) {}

IppRegistrationCalls::~IppRegistrationCalls() {
    cancel();
    worker_.stop();
}

void IppRegistrationCalls::cancel() {
    if (in_flight_) in_flight_->interrupt();
    in_flight_.reset();
    ++generation_;
}

Result<std::shared_ptr<cloud::IppConnection>> IppRegistrationCalls::next_connection(
    const std::string& uri, const DeviceCredential& credential) {
    cancel();
    auto endpoint = cloud::parse_endpoint(uri);
    if (!endpoint) return endpoint.error();
    auto connection = std::make_shared<cloud::IppConnection>(*endpoint, ca_file_, kTimeoutSeconds);
    connection->set_credentials({"Bearer", credential.token});
    in_flight_ = connection;
    return connection;
}

void IppRegistrationCalls::register_output_device(
    const std::string& system_uri, const DeviceCredential& credential,
    std::function<void(Result<cloud::RegisteredPrinter>)> done) {
    auto connection = next_connection(system_uri, credential);
    if (!connection) {
        post_to_context(main_context_, [done, error = connection.error()] { done(error); });
        return;
    }
    const bool over_tls = cloud::parse_endpoint(system_uri)->tls;
    const unsigned generation = generation_;
    worker_.run(
        [connection = *connection, system_uri, uuid = credential.output_device_uuid,
         user = user_name_, over_tls] {
            return cloud::register_output_device(*connection, system_uri, uuid, user, over_tls);
        },
        [this, generation, done](const Result<cloud::RegisteredPrinter>& result) {
            if (generation != generation_) return;
            in_flight_.reset();
            done(result);
        });
}

void IppRegistrationCalls::deregister_output_device(const std::string& printer_uri,
                                                    const DeviceCredential& credential,
                                                    std::function<void(Status)> done) {
    auto connection = next_connection(printer_uri, credential);
    if (!connection) {
        post_to_context(main_context_, [done, error = connection.error()] { done(error); });
        return;
    }
    cloud::ProxyIdentity identity{printer_uri, credential.output_device_uuid, user_name_,
                                  user_uri_};
    const unsigned generation = generation_;
    worker_.run([connection = *connection,
                 identity] { return cloud::deregister_output_device(*connection, identity); },
                [this, generation, done](const Status& result) {
                    if (generation != generation_) return;
                    in_flight_.reset();
                    done(result);
                });
}

}  // namespace printlink::daemon::registration
