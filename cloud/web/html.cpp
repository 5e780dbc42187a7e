#include "cloud/web/html.h"

namespace printlink::cloud {

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string html_document(std::string_view title, const std::optional<PageViewer>& viewer,
                          std::string_view body_html) {
    std::string html;
    html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    html += "<title>" + escape_html(title) + " · printlink cloud</title>\n";
    html += "<link rel=\"stylesheet\" href=\"" + std::string(kStylesheetPath) + "\">\n";
    html += "<link rel=\"icon\" type=\"image/svg+xml\" href=\"" + std::string(kIconPath) + "\">\n";
    html += "</head>\n<body>\n<header class=\"topbar\">\n";
    html += "<a class=\"brand\" href=\"/printers\">printlink <span>cloud</span></a>\n";
    if (viewer) {
        html += "<nav>\n<span class=\"who\" id=\"signed-in-user\">" + escape_html(viewer->name) +
                " <small>" + escape_html(viewer->role) + "</small></span>\n";
        html += "<form method=\"post\" action=\"/logout\" class=\"inline\">";
        html += "<input type=\"hidden\" name=\"csrf\" value=\"" + escape_html(viewer->csrf_token) +
                "\">";
        html += "<button type=\"submit\" class=\"link\">Log out</button></form>\n</nav>\n";
    }
    html += "</header>\n<main>\n";
    html += body_html;
    html += "</main>\n</body>\n</html>\n";
    return html;
}

std::string_view icon_svg() {
    return R"svg(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">)svg"
           R"svg(<rect x="3" y="11" width="26" height="13" rx="3" fill="#0b63c5"/>)svg"
           R"svg(<rect x="8" y="4" width="16" height="8" fill="#dfe3e8"/>)svg"
           R"svg(<rect x="8" y="20" width="16" height="9" fill="#fff"/></svg>)svg";
}

std::string_view stylesheet() {
    return R"css(:root { --ink: #1d2330; --muted: #5f6b7a; --line: #dfe3e8; --accent: #0b63c5;
  --ok: #1f7a3f; --warn: #a15c00; --bad: #b3261e; --bg: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--ink); background: var(--bg); }
.topbar { display: flex; align-items: center; justify-content: space-between;
  padding: .6rem 1.5rem; background: #fff; border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; color: var(--ink); text-decoration: none; }
.brand span { color: var(--accent); }
.who { margin-right: .8rem; } .who small { color: var(--muted); }
main { max-width: 60rem; margin: 1.5rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.6rem; margin: .2rem 0 1rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
a { color: var(--accent); }
.crumbs { color: var(--muted); margin: 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1.2rem 1.5rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1.5rem; margin: 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
th, td { text-align: left; padding: .55rem .8rem; border-bottom: 1px solid var(--line); }
th { font-weight: 600; color: var(--muted); background: #fafbfc; }
.state { display: inline-block; padding: .05rem .6rem; border-radius: 999px; font-weight: 600;
  font-size: .9rem; }
.state-ready { background: #e3f4e8; color: var(--ok); }
.state-updating { background: #fff1db; color: var(--warn); }
.state-stopped { background: #fde7e6; color: var(--bad); }
.state-offline { background: #eceff3; color: var(--muted); }
.newer { color: var(--warn); font-weight: 600; }
.notice { padding: .7rem 1rem; border-radius: 6px; background: #eaf2fd; border: 1px solid #c6dbf7; }
.alert { padding: .7rem 1rem; border-radius: 6px; background: #fde7e6; border: 1px solid #f4c2bf;
  color: var(--bad); }
form.update { margin-top: 1rem; display: grid; gap: .8rem; max-width: 32rem; }
.offer { margin: 0; }
fieldset { border: 1px solid var(--line); border-radius: 6px; padding: .6rem 1rem; }
fieldset label { display: block; margin: .2rem 0; }
button { font: inherit; padding: .45rem 1.1rem; border-radius: 6px; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; cursor: pointer; justify-self: start; }
button.link { background: none; border: none; color: var(--accent); padding: 0; }
form.inline { display: inline; }
.login { max-width: 22rem; margin: 4rem auto; }
.login label { display: block; margin: .6rem 0 .2rem; }
.login input { width: 100%; padding: .45rem .6rem; border: 1px solid var(--line); border-radius: 6px;
  font: inherit; }
.login button { margin-top: 1rem; width: 100%; }
.muted { color: var(--muted); }
)css";
}

}  // namespace printlink::cloud
