"""The job path of printlink-cloud on real processes (issue 3): `ipptool` prints a PDF as a
person with a cloud account (HTTP Basic), a fake Proxy with the printer's Bearer token fetches
and reports it the way PWG 5100.18 §4.2.5 describes, and the person sees the outcome. The cloud
is restarted in the middle, so the job and its spooled document must survive. Last, a real
CUPS 2.4 client adds the cloud printer with `lpadmin -m everywhere` and prints with `lp`."""

import shutil
import subprocess
import tempfile
import urllib.error
from pathlib import Path

import pytest

from printlink_support import ipp_wire as ipp
from printlink_support.cloud import Cloud
from printlink_support.cupsd import Cupsd
from printlink_support.documents import one_page_pdf
from printlink_support.fake_proxy import FakeProxy
from printlink_support.ipp_http import IppConnection
from printlink_support.waiting import wait_until

IPPTOOL = Path("/usr/bin/ipptool")
DEVICE_UUID = "urn:uuid:5a1e0c9d-3b7f-4e21-9c4d-7f00ba5e1c01"
TINY_PDF = one_page_pdf()


def take(proxy: FakeProxy, job_id: int, ipptool_ticket: bool = True,
         document_format: str = "application/pdf") -> bytes:
    """Fetch-Job, Acknowledge-Job, Fetch-Document, Acknowledge-Document: the document."""
    ticket = proxy.fetch_job(job_id)
    assert ticket.status == ipp.SUCCESSFUL_OK, ticket
    if ipptool_ticket:  # what PRINT_PDF sends
        assert ticket.values("copies") == [2], ticket.groups
        assert ticket.values("sides") == ["two-sided-long-edge"], ticket.groups
    assert ticket.values("job-originating-user-name") == ["carol"]
    acknowledged = proxy.acknowledge_job(job_id)
    assert acknowledged.status == ipp.SUCCESSFUL_OK, acknowledged
    document = proxy.fetch_document(job_id, [document_format])
    assert document.status == ipp.SUCCESSFUL_OK, document
    assert document.values("document-format", ipp.DOCUMENT_GROUP) == [document_format]
    acknowledged = proxy.acknowledge_document(job_id)
    assert acknowledged.status == ipp.SUCCESSFUL_OK, acknowledged
    return document.data


def report(proxy: FakeProxy, job_id: int, state: int):
    answer = proxy.update_job_status(job_id, state)
    assert answer.status == ipp.SUCCESSFUL_OK, answer


def register(proxy: FakeProxy, *more: ipp.Attribute):
    answer = proxy.update_output_device_attributes(
        ipp.Attribute("printer-state", ipp.ENUM, ipp.PRINTER_IDLE),
        ipp.Attribute("printer-state-reasons", ipp.KEYWORD, "none"),
        *(more or [ipp.Attribute("document-format-supported", ipp.MIME_MEDIA_TYPE,
                                 ["application/pdf", "image/pwg-raster"])]))
    assert answer.status == ipp.SUCCESSFUL_OK, answer


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
    proxy = FakeProxy.for_printer(printer, DEVICE_UUID)
    register(proxy)

    ipptool(tmp_path, printer, PRINT_PDF, password)
    cloud.restart()  # the job and its spooled document survive

    jobs = proxy.fetchable_job_ids()
    assert len(jobs) == 1, jobs
    job = jobs[0]
    assert take(proxy, job) == TINY_PDF
    assert proxy.fetchable_job_ids() == []
    report(proxy, job, ipp.JOB_PROCESSING)
    ipptool(tmp_path, printer, JOB_STATE, password, job=job, state=ipp.JOB_PROCESSING,
            reason="job-printing")
    report(proxy, job, ipp.JOB_COMPLETED)
    ipptool(tmp_path, printer, JOB_STATE, password, job=job, state=ipp.JOB_COMPLETED,
            reason="job-completed-successfully")


def test_a_cancel_while_printing_reaches_the_device(cloud, tmp_path):
    password = cloud.add_user("carol", "user")
    printer = cloud.add_printer("Office", "PL-100")
    proxy = FakeProxy.for_printer(printer, DEVICE_UUID)
    register(proxy)
    ipptool(tmp_path, printer, PRINT_PDF, password)
    job = proxy.fetchable_job_ids()[0]
    take(proxy, job)
    report(proxy, job, ipp.JOB_PROCESSING)

    ipptool(tmp_path, printer, CANCEL, password, job=job)
    ipptool(tmp_path, printer, JOB_STATE, password, job=job, state=ipp.JOB_PROCESSING_STOPPED,
            reason="job-canceled-by-user")
    answer = proxy.update_active_jobs({job: ipp.JOB_PROCESSING})
    assert answer.status == ipp.SUCCESSFUL_OK, answer
    assert answer.values("job-ids") == [job], answer.groups
    assert answer.values("output-device-job-states") == [ipp.JOB_CANCELED]
    report(proxy, job, ipp.JOB_CANCELED)
    ipptool(tmp_path, printer, JOB_STATE, password, job=job, state=ipp.JOB_CANCELED,
            reason="job-canceled-by-user")


def test_refusals_are_http_401_and_ipp_forbidden(cloud, tmp_path):
    cloud.add_user("carol", "user")
    printer = cloud.add_printer("Office", "PL-100")
    anonymous = IppConnection(printer.printer_uri, None)
    with pytest.raises(urllib.error.HTTPError) as refused:
        anonymous.send(ipp.GET_JOBS, [anonymous.operation_group()])
    assert refused.value.code == 401
    assert 'Basic realm="printlink"' in refused.value.headers.get_all("WWW-Authenticate")
    # A device token on a client operation: forbidden (0x0401), and logged.
    answer = FakeProxy.for_printer(printer, DEVICE_UUID).call(
        ipp.CANCEL_JOB, ipp.Attribute("job-id", ipp.INTEGER, 1))
    assert answer.status == ipp.CLIENT_ERROR_FORBIDDEN, answer
    assert "Cancel-Job by the device of printer" in cloud.process.log_text()


def test_a_cups_client_adds_the_cloud_printer_and_prints_with_lp(cloud, tmp_path):
    """A CUPS 2.4 client: lpadmin -m everywhere builds the queue from Get-Printer-Attributes,
    lp sends the job through CUPS' ipp backend (HTTP Basic from the URI's userinfo), the Proxy
    completes it, and the backend's monitoring ends the CUPS job."""
    password = cloud.add_user("carol", "user")
    printer = cloud.add_printer("Office", "PL-100")
    proxy = FakeProxy.for_printer(printer, DEVICE_UUID)
    register(
        proxy,
        ipp.Attribute("document-format-supported", ipp.MIME_MEDIA_TYPE,
                      ["application/pdf", "image/pwg-raster", "application/octet-stream"]),
        ipp.Attribute("media-supported", ipp.KEYWORD, ["iso_a4_210x297mm", "na_letter_8.5x11in"]),
        ipp.Attribute("media-default", ipp.KEYWORD, "iso_a4_210x297mm"),
        ipp.Attribute("sides-supported", ipp.KEYWORD, ["one-sided", "two-sided-long-edge"]),
        ipp.Attribute("print-color-mode-supported", ipp.KEYWORD, ["monochrome", "color"]),
        # CUPS 2.4 makes an IPP Everywhere PPD only for a raster format it can describe.
        ipp.Attribute("pwg-raster-document-resolution-supported", ipp.RESOLUTION,
                      [ipp.Resolution(300, 300)]),
        ipp.Attribute("pwg-raster-document-type-supported", ipp.KEYWORD, ["black_8", "srgb_8"]))

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

        wait_until(proxy.fetchable_job_ids, 30, "the job to reach the cloud", interval=0.5)
        job = proxy.fetchable_job_ids()[0]
        assert take(proxy, job, ipptool_ticket=False,
                    document_format="application/octet-stream") == TINY_PDF
        report(proxy, job, ipp.JOB_COMPLETED)

        def cups_job_done():
            out = cupsd.run_client(["lpstat", "-W", "completed", "-o", "cloudq"], check=False)
            return "cloudq-1" in out.stdout
        wait_until(cups_job_done, 60, "CUPS to see the cloud job completed", interval=0.5)
