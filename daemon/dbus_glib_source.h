// Runs an sdbus-c++ connection on a GLib main context (ENV.md §2): a GSource polls the
// connection's fd with the events and timeout sd-bus asks for, and dispatches every pending
// message on the main thread. So every D-Bus handler runs on the thread that owns the core,
// and no other thread ever touches sd-bus, which is not thread-safe.
#pragma once

#include <glib.h>

#include <functional>
#include <string>

namespace sdbus {
class IConnection;
}

namespace printlink::daemon {

class DBusGlibSource {
  public:
    // 'on_error' is called (on the main context) when the connection fails, e.g. the bus
    // went away; the source stops dispatching afterwards.
    DBusGlibSource(sdbus::IConnection& connection, GMainContext* context,
                   std::function<void(const std::string&)> on_error);
    ~DBusGlibSource();
    DBusGlibSource(const DBusGlibSource&) = delete;
    DBusGlibSource& operator=(const DBusGlibSource&) = delete;

  private:
    GSource* source_ = nullptr;
};

}  // namespace printlink::daemon
