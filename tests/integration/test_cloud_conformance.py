"""CUPS's own conformance tests against a cloud printer (issue 3): `ipptool -t` with the test
files CUPS ships (/usr/share/cups/ipptool), as a person with a cloud account (HTTP Basic)
on ipp://user@127.0.0.1:PORT/ipp/print/<id>, after a device has reported its attributes as a
Proxy would (Update-Output-Device-Attributes with its Bearer token).

Each file's full ipptool report is printed (pytest -s, or the meson test log). The test asserts
the tests that must pass today; everything else is listed in NOT_APPLICABLE with the reason,
and is allowed either way, so more passing as the job path lands is fine."""

import re
import struct
import subprocess
import urllib.request
from pathlib import Path

import pytest

from printlink_support.cloud import Cloud

IPPTOOL = Path("/usr/bin/ipptool")
TESTS = Path("/usr/share/cups/ipptool")
RESULT_LINE = re.compile(r"^\s{4}(\S.*?)\s+\[(PASS|FAIL|SKIP)\]\s*$")
DEVICE_UUID = "urn:uuid:7d3f1c2a-9b8e-4f6d-a1b2-c3d4e5f60718"

# What must pass today, file by file: the Get-Printer-Attributes parts and RFC 8011's request
# validation, which the Infrastructure Printer answers itself, and the client job operations
# that do not depend on a device completing the job. ipptool -t cuts long names at 68
# characters, so names are matched by the prefix it prints.
MUST_PASS = {
    "ipp-2.0.test": [
        "RFC 8011 section 4.1.4: No Operation Attributes",
        "RFC 8011 section 4.1.4: attributes-charset",
        "RFC 8011 section 4.1.4: attributes-natural-language",
        "RFC 8011 section 4.1.4: attributes-natural-language + attributes-charset",
        "RFC 8011 section 4.1.8: Unsupported IPP version 0.0",
        "RFC 8011 section 4.2: No printer-uri operation attribute",
        "RFC 8011 section 4.2.3: Validate-Job Operation",
        "PWG 5100.12 section 6.2 - Required Printer Description Attributes",
        # With printer-uri-supported named ipp:// (RFC 8011 §4.1.5) the client job operations
        # that need no device pass too.
        "RFC 8011 section 4.2.1: Print-Job Operation",
        "RFC 8011 section 4.2.4: Create-Job Operation",
        "RFC 8011 section 4.2.5: Get-Printer-Attributes Operation",
        "RFC 8011 section 4.3.1: Send-Document Operation",
        "RFC 8011 section 4.3.4: Get-Job-Attributes Operation",
        "Print-Job with copies",
    ],
    "validate-job.test": ["Validate file/ticket using Validate-Job"],
    "print-job.test": ["Print file using Print-Job"],
    "get-jobs.test": ["Get pending jobs"],
    "get-printer-attributes.test": ["Get printer attributes using get-printer-attributes"],
    # Identify-Printer is for any account; the cloud keeps the request for the Proxy.
    "identify-printer.test": ["Identify Printer with Sound"],
    # RFC 3995/3996: an account subscribes to its printer and reads the events (ippget).
    "create-printer-subscription.test": ["Create a pull printer subscription"],
    "get-notifications.test": ["Get events using Get-Notifications"],
}

_NO_DEVICE = ("not applicable here: no Output Device fetches the job, so it never completes "
              "(INFRA: a job waits for a Proxy)")
# Tests that do not pass today, and why. Prefixes of test names, as for MUST_PASS.
NOT_APPLICABLE = {
    "RFC 8011 section 4.1.1: Bad request-id value 0":
        "not applicable with authentication: libcups sends request-id 0 unauthenticated, gets "
        "the 401 challenge and resends the request renumbered to 1 (seen with strace); the "
        "cloud answers client-error-bad-request to request-id 0 itself",
    "RFC 8011 section 4.2.6: Get-Jobs Operation (which-jobs=completed)": _NO_DEVICE,
    # which-jobs with requested-attributes asks for completed jobs too.
    "RFC 8011 section 4.2.6: Get-Jobs Operation (which-jobs, requested-at": _NO_DEVICE,
    "Get-Job-Attributes Until Job Complete": _NO_DEVICE + "; ipptool polls 30 times, 5 s apart",
    "RFC 8011 section 4.3.3: Cancel-Job Operation (completed job)": _NO_DEVICE,
}

# ipp-2.0.test INCLUDEs ipp-1.1.test whole, so running both would only run 1.1 twice.
FILES = ["ipp-2.0.test", "get-printer-attributes.test", "create-printer-subscription.test",
         "get-notifications.test", "validate-job.test", "print-job.test", "get-jobs.test",
         "identify-printer.test"]


def verdict_of(results: dict, name: str):
    """The verdict of the test called 'name', whose printed name may be cut short."""
    for printed, verdict in results.items():
        if name.startswith(printed) or printed.startswith(name):
            return verdict
    return None


def reason_for(printed: str) -> str:
    for prefix, reason in NOT_APPLICABLE.items():
        if printed.startswith(prefix) or prefix.startswith(printed):
            return reason
    return ""


# --- a Proxy's first report, RFC 8010 encoded -----------------------------------------------

def _attribute(tag: int, name: str, values) -> bytes:
    out = b""
    for i, value in enumerate(values if isinstance(values, list) else [values]):
        if tag in (0x21, 0x23):
            data = struct.pack(">i", value)
        elif tag == 0x22:
            data = b"\x01" if value else b"\x00"
        else:
            data = value.encode()
        key = name.encode() if i == 0 else b""
        out += struct.pack(">BH", tag, len(key)) + key + struct.pack(">H", len(data)) + data
    return out


def _range(name: str, lower: int, upper: int) -> bytes:
    key = name.encode()
    return struct.pack(">BH", 0x33, len(key)) + key + struct.pack(">Hii", 8, lower, upper)


def _resolution(name: str, dpi: int) -> bytes:
    key = name.encode()
    return struct.pack(">BH", 0x32, len(key)) + key + struct.pack(">HiiB", 9, dpi, dpi, 3)


def ipp_request(operation: int, printer_uri: str, operation_attrs: bytes = b"",
                printer_attrs: bytes = b"") -> bytes:
    body = (struct.pack(">BBHi", 2, 0, operation, 1) + b"\x01"
            + _attribute(0x47, "attributes-charset", "utf-8")
            + _attribute(0x48, "attributes-natural-language", "en")
            + _attribute(0x45, "printer-uri", printer_uri) + operation_attrs)
    if printer_attrs:
        body += b"\x04" + printer_attrs
    return body + b"\x03"


def device_report(printer_uri: str, state: int, message: str) -> bytes:
    """Update-Output-Device-Attributes with what a PDF printer would report."""
    printer = (_attribute(0x23, "printer-state", state)
               + _attribute(0x44, "printer-state-reasons", ["none"])
               + _attribute(0x41, "printer-state-message", message)
               + _attribute(0x41, "printer-make-and-model", "Example PL-100")
               + _attribute(0x41, "printer-info", "Conformance printer")
               + _attribute(0x41, "printer-location", "Lab")
               + _attribute(0x49, "document-format-supported",
                            ["application/pdf", "application/octet-stream", "text/plain"])
               + _attribute(0x49, "document-format-default", "application/octet-stream")
               + _attribute(0x44, "compression-supported", ["none"])
               + _attribute(0x44, "pdl-override-supported", "attempted")
               + _attribute(0x22, "color-supported", True)
               + _attribute(0x44, "media-supported", ["iso_a4_210x297mm", "na_letter_8.5x11in"])
               + _attribute(0x44, "media-default", "iso_a4_210x297mm")
               + _attribute(0x44, "sides-supported", ["one-sided", "two-sided-long-edge"])
               + _attribute(0x44, "sides-default", "one-sided")
               + _attribute(0x21, "copies-default", 1)
               + _range("copies-supported", 1, 99)
               + _attribute(0x23, "finishings-supported", [3])
               + _attribute(0x23, "finishings-default", 3)
               + _attribute(0x23, "orientation-requested-supported", [3, 4])
               + _attribute(0x23, "orientation-requested-default", 3)
               + _attribute(0x44, "output-bin-supported", ["face-down"])
               + _attribute(0x44, "output-bin-default", "face-down")
               + _attribute(0x23, "print-quality-supported", [4, 5])
               + _attribute(0x23, "print-quality-default", 4)
               + _resolution("printer-resolution-supported", 600)
               + _resolution("printer-resolution-default", 600)
               + _attribute(0x21, "pages-per-minute", 20)
               + _attribute(0x21, "pages-per-minute-color", 15)
               + _attribute(0x45, "printer-more-info", "http://127.0.0.1/device")
               + b"\x34" + struct.pack(">H", 17) + b"media-col-default" + struct.pack(">H", 0)
               + b"\x4a\x00\x00" + struct.pack(">H", 12) + b"media-source"
               + b"\x44\x00\x00" + struct.pack(">H", 4) + b"auto"
               + b"\x37\x00\x00\x00\x00"
               + _attribute(0x44, "ipp-features-supported", ["ipp-everywhere"]))
    return ipp_request(0x0049, printer_uri,
                       _attribute(0x45, "output-device-uuid", DEVICE_UUID), printer)


def post_as_device(printer, body: bytes) -> bytes:
    request = urllib.request.Request(
        printer.printer_uri, data=body, method="POST",
        headers={"Content-Type": "application/ipp", "Authorization": f"Bearer {printer.token}"})
    with urllib.request.urlopen(request, timeout=20) as answer:
        data = answer.read()
    status = struct.unpack(">H", data[2:4])[0]
    assert status < 0x0100, f"the device report was refused: 0x{status:04x}"
    return data


# --- ipptool ------------------------------------------------------------------------------

def run_ipptool(uri: str, test_file: str, document: Path, *defines):
    # -I: go on after a failed test, so every test of the file is run and reported.
    argv = [str(IPPTOOL), "-t", "-I", "-T", "10", "-f", str(document)]
    for define in defines:
        argv += ["-d", define]
    argv += [uri, str(TESTS / test_file)]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=220)
        output, code = done.stdout + done.stderr, done.returncode
    except subprocess.TimeoutExpired as timeout:
        output = (timeout.stdout or b"").decode(errors="replace") + "\n(ipptool timed out)"
        code = None
    results = {}
    for line in output.splitlines():
        match = RESULT_LINE.match(line)
        if match:
            results.setdefault(match.group(1), match.group(2))
    return results, output, code


@pytest.fixture(scope="module")
def cloud_printer(tmp_path_factory):
    if not IPPTOOL.is_file() or not (TESTS / "ipp-1.1.test").is_file():
        pytest.skip("ipptool and its test files (cups-ipp-utils) are not installed")
    workdir = tmp_path_factory.mktemp("conformance")
    cloud = Cloud(workdir / "cloud").start()
    try:
        password = cloud.add_user("ipptester", "user")
        printer = cloud.add_printer("Conformance", "PL-100")
        post_as_device(printer, device_report(printer.printer_uri, 3, "Ready"))
        document = workdir / "page.pdf"
        document.write_bytes(MINIMAL_PDF)
        host_path = printer.printer_uri.split("://", 1)[1]
        uri = f"ipp://ipptester:{password}@{host_path}"
        yield cloud, printer, uri, document
    finally:
        cloud.stop()


SUMMARY = {}


@pytest.mark.parametrize("test_file", FILES)
def test_cups_ipptool_file(cloud_printer, test_file):
    cloud, printer, uri, document = cloud_printer
    defines = []
    if test_file == "get-notifications.test":
        created, output, _ = run_ipptool(uri, "create-printer-subscription.test", document)
        ids = re.findall(r"notify-subscription-id \(integer\) = (\d+)", output)
        assert ids, f"the account could not subscribe, so there are no events to read:\n{output}"
        defines.append(f"id={ids[-1]}")
        # An event for the subscription to return: the device goes from idle to processing.
        post_as_device(printer, device_report(printer.printer_uri, 4, "Printing"))
    results, output, code = run_ipptool(uri, test_file, document, *defines)
    print(f"\n===== ipptool -t {test_file} (exit {code}) =====\n{output}")
    SUMMARY[test_file] = results
    cloud.process.check_alive()

    assert results, f"ipptool ran no test of {test_file}:\n{output}"
    failing = [name for name in MUST_PASS.get(test_file, [])
               if verdict_of(results, name) != "PASS"]
    assert not failing, f"{test_file}: must pass today but did not: {failing}"
    unexplained = [name for name, verdict in results.items()
                   if verdict == "FAIL" and not reason_for(name)]
    if unexplained:
        print(f"{test_file}: failing without a recorded reason: {unexplained}")


def test_print_summary():
    """The pass/fail table of every file, for the record (always passes)."""
    print("\n===== ipptool summary =====")
    for test_file, results in SUMMARY.items():
        counts = {v: sum(1 for r in results.values() if r == v) for v in ("PASS", "FAIL", "SKIP")}
        print(f"{test_file}: {counts['PASS']} passed, {counts['FAIL']} failed, "
              f"{counts['SKIP']} skipped")
        for name, verdict in results.items():
            reason = reason_for(name)
            print(f"  [{verdict}] {name}" + (f"  -- {reason}" if verdict != "PASS" and reason else ""))


MINIMAL_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
               b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
               b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
               b"trailer<</Root 1 0 R>>\n%%EOF\n")
