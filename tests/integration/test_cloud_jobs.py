"""The job path of printlink-cloud on real processes (issue 3): `ipptool` prints a PDF as a
person with a cloud account (HTTP Basic), a fake Proxy with the printer's Bearer token fetches
and reports it the way PWG 5100.18 §4.2.5 describes, and the person sees the outcome. The cloud
is restarted in the middle, so the job and its spooled document must survive. Last, a real
CUPS 2.4 client adds the cloud printer with `lpadmin -m everywhere` and prints with `lp`."""

import shutil
import struct
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from printlink_support.cloud import Cloud
from printlink_support.cupsd import Cupsd
from printlink_support.waiting import wait_until

IPPTOOL = Path("/usr/bin/ipptool")
DEVICE_UUID = "urn:uuid:5a1e0c9d-3b7f-4e21-9c4d-7f00ba5e1c01"

def _one_page_pdf() -> bytes:
    """A valid one-page PDF with a correct xref table, so CUPS' filters accept it too."""
    objects = [b"<</Type/Catalog/Pages 2 0 R>>",
               b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<<>>>>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj" % number + body + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


TINY_PDF = _one_page_pdf()

# IPP operations and tags (RFC 8010 §3.5, RFC 8011 §5.4.15, PWG 5100.18 §7).
GET_JOBS, CANCEL_JOB = 0x000A, 0x0008
ACKNOWLEDGE_DOCUMENT, ACKNOWLEDGE_JOB, FETCH_DOCUMENT, FETCH_JOB = 0x003F, 0x0041, 0x0042, 0x0043
UPDATE_ACTIVE_JOBS, UPDATE_JOB_STATUS, UPDATE_OUTPUT_DEVICE_ATTRIBUTES = 0x0045, 0x0048, 0x0049
OPERATION, JOB, PRINTER, END = 0x01, 0x02, 0x04, 0x03
INTEGER, BOOLEAN, ENUM, RESOLUTION = 0x21, 0x22, 0x23, 0x32
TEXT, NAME, KEYWORD, URI, CHARSET, LANGUAGE, MIME = 0x41, 0x42, 0x44, 0x45, 0x47, 0x48, 0x49
PROCESSING, CANCELED, COMPLETED = 5, 7, 9


# --- just enough RFC 8010 for a Proxy -------------------------------------------------------

def encode(operation: int, groups) -> bytes:
    """groups: [(group tag, [(value tag, name, value or [values])])]."""
    out = bytearray(struct.pack(">BBHi", 2, 0, operation, 1))
    for group, attributes in groups:
        out.append(group)
        for tag, name, values in attributes:
            for i, value in enumerate(values if isinstance(values, list) else [values]):
                if tag in (INTEGER, ENUM):
                    data = struct.pack(">i", value)
                elif tag == BOOLEAN:
                    data = b"\x01" if value else b"\x00"
                elif tag == RESOLUTION:  # (x, y) in dots per inch
                    data = struct.pack(">iib", value[0], value[1], 3)
                else:
                    data = value.encode()
                encoded = name.encode() if i == 0 else b""
                out += struct.pack(">BH", tag, len(encoded)) + encoded
                out += struct.pack(">H", len(data)) + data
    out.append(END)
    return bytes(out)


def decode(data: bytes):
    """(status, {name: [values]} over all groups, bytes after the message)."""
    status = struct.unpack(">H", data[2:4])[0]
    attributes, pos, last = {}, 8, None
    while pos < len(data):
        tag = data[pos]
        pos += 1
        if tag == END:
            break
        if tag < 0x10:
            continue
        (n,) = struct.unpack(">H", data[pos:pos + 2])
        name = data[pos + 2:pos + 2 + n].decode()
        pos += 2 + n
        (n,) = struct.unpack(">H", data[pos:pos + 2])
        raw = data[pos + 2:pos + 2 + n]
        pos += 2 + n
        if tag in (INTEGER, ENUM):
            value = struct.unpack(">i", raw)[0]
        elif tag == BOOLEAN:
            value = raw != b"\x00"
        elif 0x40 <= tag <= 0x4F:
            value = raw.decode("utf-8", "replace")
        else:
            value = raw
        if name:
            last = name
            attributes.setdefault(name, []).append(value)
        elif last:
            attributes[last].append(value)
    return status, attributes, data[pos:]


class FakeProxy:
    """A Proxy for one Output Device that takes PDF, speaking to the printer with its token."""

    def __init__(self, printer):
        self.printer = printer

    def call(self, operation: int, extra_operation=(), job_group=(), printer_group=()):
        groups = [(OPERATION, [(CHARSET, "attributes-charset", "utf-8"),
                               (LANGUAGE, "attributes-natural-language", "en"),
                               (URI, "printer-uri", self.printer.printer_uri),
                               (URI, "output-device-uuid", DEVICE_UUID),
                               (NAME, "requesting-user-name", "proxy"),
                               *extra_operation])]
        if job_group:
            groups.append((JOB, list(job_group)))
        if printer_group:
            groups.append((PRINTER, list(printer_group)))
        request = urllib.request.Request(
            self.printer.printer_uri, data=encode(operation, groups), method="POST",
            headers={"Content-Type": "application/ipp",
                     "Authorization": f"Bearer {self.printer.token}"})
        with urllib.request.urlopen(request, timeout=20) as response:
            return decode(response.read())

    def register(self):
        status, _, _ = self.call(UPDATE_OUTPUT_DEVICE_ATTRIBUTES, printer_group=[
            (ENUM, "printer-state", 3), (KEYWORD, "printer-state-reasons", "none"),
            (MIME, "document-format-supported", ["application/pdf", "image/pwg-raster"])])
        assert status == 0, hex(status)

    def fetchable_jobs(self):
        status, attributes, _ = self.call(GET_JOBS, [(KEYWORD, "which-jobs", "fetchable")])
        assert status == 0, hex(status)
        return attributes.get("job-id", [])

    def take(self, job_id: int, ipptool_ticket: bool = True,
             document_format: str = "application/pdf") -> bytes:
        """Fetch-Job, Acknowledge-Job, Fetch-Document, Acknowledge-Document: the document."""
        job = [(INTEGER, "job-id", job_id)]
        status, ticket, _ = self.call(FETCH_JOB, job)
        assert status == 0, hex(status)
        if ipptool_ticket:  # what PRINT_PDF sends
            assert ticket["copies"] == [2] and ticket["sides"] == ["two-sided-long-edge"], ticket
        assert ticket["job-originating-user-name"] == ["carol"]
        assert self.call(ACKNOWLEDGE_JOB, job)[0] == 0
        document = job + [(INTEGER, "document-number", 1)]
        status, attributes, data = self.call(
            FETCH_DOCUMENT, document + [(MIME, "document-format-accepted", document_format)])
        assert status == 0, hex(status)
        assert attributes["document-format"] == [document_format]
        assert self.call(ACKNOWLEDGE_DOCUMENT, document)[0] == 0
        return data

    def report(self, job_id: int, state: int):
        status, _, _ = self.call(UPDATE_JOB_STATUS, [(INTEGER, "job-id", job_id)],
                                 job_group=[(ENUM, "output-device-job-state", state)])
        assert status == 0, hex(status)


# --- the person's side: ipptool with a cloud account ---------------------------------------

def ipptool(tmp_path: Path, printer, test: str, password: str, **variables) -> str:
    test_file = tmp_path / "request.test"
    test_file.write_text(test)
    uri = printer.printer_uri.replace("http://", "ipp://carol:" + password + "@", 1)
    argv = [str(IPPTOOL), "-t", "-T", "20", "-f", str(tmp_path / "tiny.pdf")]
    for name, value in variables.items():
        argv += ["-d", f"{name}={value}"]
    result = subprocess.run(argv + [uri, str(test_file)], capture_output=True, text=True,
                            timeout=60)
    print(result.stdout, result.stderr)
    assert result.returncode == 0, f"ipptool failed:\n{result.stdout}{result.stderr}"
    return result.stdout


HEADER = """
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR name requesting-user-name $user
"""

PRINT_PDF = """{
  NAME "Print-Job with a PDF"
  OPERATION Print-Job""" + HEADER + """
  ATTR name job-name "cloud-jobs-test"
  ATTR mimeMediaType document-format application/pdf
  GROUP job-attributes-tag
  ATTR integer copies 2
  ATTR keyword sides two-sided-long-edge
  FILE $filename
  STATUS successful-ok
  EXPECT job-id OF-TYPE integer
  EXPECT job-state OF-TYPE enum WITH-VALUE 6
}
"""

JOB_STATE = """{
  NAME "Get-Job-Attributes"
  OPERATION Get-Job-Attributes""" + HEADER + """
  ATTR integer job-id $job
  STATUS successful-ok
  EXPECT job-state OF-TYPE enum WITH-VALUE $state
  EXPECT job-state-reasons OF-TYPE keyword WITH-VALUE $reason
}
"""

CANCEL = """{
  NAME "Cancel-Job"
  OPERATION Cancel-Job""" + HEADER + """
  ATTR integer job-id $job
  STATUS successful-ok
}
"""


@pytest.fixture
def cloud(tmp_path):
    if not IPPTOOL.exists():
        pytest.skip("ipptool (cups-ipp-utils) is not installed")
    (tmp_path / "tiny.pdf").write_bytes(TINY_PDF)
    with Cloud(tmp_path / "cloud") as running:
        yield running


def test_ipptool_prints_and_a_proxy_completes_the_job_across_a_restart(cloud, tmp_path):
    password = cloud.add_user("carol", "user")
    printer = cloud.add_printer("Office", "PL-100")
    proxy = FakeProxy(printer)
    proxy.register()

    ipptool(tmp_path, printer, PRINT_PDF, password)
    cloud.restart()  # the job and its spooled document survive

    jobs = proxy.fetchable_jobs()
    assert len(jobs) == 1, jobs
    job = jobs[0]
    assert proxy.take(job) == TINY_PDF
    assert proxy.fetchable_jobs() == []
    proxy.report(job, PROCESSING)
    ipptool(tmp_path, printer, JOB_STATE, password, job=job, state=PROCESSING,
            reason="job-printing")
    proxy.report(job, COMPLETED)
    ipptool(tmp_path, printer, JOB_STATE, password, job=job, state=COMPLETED,
            reason="job-completed-successfully")


def test_a_cancel_while_printing_reaches_the_device(cloud, tmp_path):
    password = cloud.add_user("carol", "user")
    printer = cloud.add_printer("Office", "PL-100")
    proxy = FakeProxy(printer)
    proxy.register()
    ipptool(tmp_path, printer, PRINT_PDF, password)
    job = proxy.fetchable_jobs()[0]
    proxy.take(job)
    proxy.report(job, PROCESSING)

    ipptool(tmp_path, printer, CANCEL, password, job=job)
    ipptool(tmp_path, printer, JOB_STATE, password, job=job, state=6,
            reason="job-canceled-by-user")
    status, answer, _ = proxy.call(UPDATE_ACTIVE_JOBS, [(INTEGER, "job-ids", job),
                                                        (ENUM, "output-device-job-states",
                                                         PROCESSING)])
    assert status == 0 and answer["job-ids"] == [job], answer
    assert answer["output-device-job-states"] == [CANCELED]
    proxy.report(job, CANCELED)
    ipptool(tmp_path, printer, JOB_STATE, password, job=job, state=CANCELED,
            reason="job-canceled-by-user")


def test_refusals_are_http_401_and_ipp_forbidden(cloud, tmp_path):
    cloud.add_user("carol", "user")
    printer = cloud.add_printer("Office", "PL-100")
    body = encode(GET_JOBS, [(OPERATION, [(CHARSET, "attributes-charset", "utf-8"),
                                          (LANGUAGE, "attributes-natural-language", "en"),
                                          (URI, "printer-uri", printer.printer_uri)])])
    request = urllib.request.Request(printer.printer_uri, data=body, method="POST",
                                     headers={"Content-Type": "application/ipp"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=20)
    assert refused.value.code == 401
    assert 'Basic realm="printlink"' in refused.value.headers.get_all("WWW-Authenticate")
    # A device token on a client operation: forbidden (0x0401), and logged.
    status, _, _ = FakeProxy(printer).call(CANCEL_JOB, [(INTEGER, "job-id", 1)])
    assert status == 0x0401
    assert "Cancel-Job by the device of printer" in cloud.process.log_text()


def test_a_cups_client_adds_the_cloud_printer_and_prints_with_lp(cloud, tmp_path):
    """A CUPS 2.4 client: lpadmin -m everywhere builds the queue from Get-Printer-Attributes,
    lp sends the job through CUPS' ipp backend (HTTP Basic from the URI's userinfo), the Proxy
    completes it, and the backend's monitoring ends the CUPS job."""
    password = cloud.add_user("carol", "user")
    printer = cloud.add_printer("Office", "PL-100")
    proxy = FakeProxy(printer)
    status, _, _ = proxy.call(UPDATE_OUTPUT_DEVICE_ATTRIBUTES, printer_group=[
        (ENUM, "printer-state", 3), (KEYWORD, "printer-state-reasons", "none"),
        (MIME, "document-format-supported",
         ["application/pdf", "image/pwg-raster", "application/octet-stream"]),
        (KEYWORD, "media-supported", ["iso_a4_210x297mm", "na_letter_8.5x11in"]),
        (KEYWORD, "media-default", "iso_a4_210x297mm"),
        (KEYWORD, "sides-supported", ["one-sided", "two-sided-long-edge"]),
        (KEYWORD, "print-color-mode-supported", ["monochrome", "color"]),
        # CUPS 2.4 makes an IPP Everywhere PPD only for a raster format it can describe.
        (RESOLUTION, "pwg-raster-document-resolution-supported", [(300, 300)]),
        (KEYWORD, "pwg-raster-document-type-supported", ["black_8", "srgb_8"])])
    assert status == 0, hex(status)

    # cupsd runs the ipp backend as lp, which cannot enter pytest's 0700 temporary tree.
    workdir = Path(tempfile.mkdtemp(prefix="printlink-cups-"))
    workdir.chmod(0o755)
    document = workdir / "tiny.pdf"
    document.write_bytes(TINY_PDF)
    document.chmod(0o644)
    try:
        _print_through_cups(workdir, printer, password, proxy, document)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    log = cloud.process.log_text()
    assert "Get-Printer-Attributes by an anonymous client" in log, "lpadmin -m everywhere"
    assert "Send-Document by user carol" in log or "Print-Job by user carol" in log


def _print_through_cups(workdir, printer, password, proxy, document):
    with Cupsd(workdir / "cupsd") as cupsd:
        uri = printer.printer_uri.replace("http://", f"ipp://carol:{password}@", 1)
        cupsd.run_client(["lpadmin", "-p", "cloudq", "-v", uri, "-m", "everywhere", "-E"])
        # cupsd makes the PPD in the background from an unauthenticated
        # Get-Printer-Attributes; the queue exists at once, its PPD a moment later.
        ppd = workdir / "cupsd" / "etc" / "ppd" / "cloudq.ppd"
        failed = "PPD creation failed"
        wait_until(lambda: ppd.exists() or failed in cupsd.error_log(), 20, "the PPD",
                   interval=0.2)
        assert failed not in cupsd.error_log(), \
            [line for line in cupsd.error_log().splitlines() if "PPD" in line]
        assert "*cupsFilter2" in ppd.read_text()
        # No CUPS filters are installed here (cups-filters is not), so the job goes raw: the
        # ipp backend sends it as application/octet-stream, which the device accepts.
        cupsd.run_client(["lp", "-d", "cloudq", "-o", "raw", str(document)])

        wait_until(lambda: proxy.fetchable_jobs(), 30, "the job to reach the cloud", interval=0.5)
        job = proxy.fetchable_jobs()[0]
        assert proxy.take(job, ipptool_ticket=False,
                          document_format="application/octet-stream") == TINY_PDF
        proxy.report(job, COMPLETED)

        def cups_job_done():
            out = cupsd.run_client(["lpstat", "-W", "completed", "-o", "cloudq"], check=False)
            return "cloudq-1" in out.stdout
        wait_until(cups_job_done, 60, "CUPS to see the cloud job completed", interval=0.5)
