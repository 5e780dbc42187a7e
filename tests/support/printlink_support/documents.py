"""Documents for the tests to print."""


def one_page_pdf(width: int = 595, height: int = 842) -> bytes:
    """A valid one-page PDF (sizes in points; A4 unless told), with a correct xref table, so
    CUPS' filters and ipptool accept it too."""
    objects = [b"<</Type/Catalog/Pages 2 0 R>>",
               b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 %d %d]/Resources<<>>>>" % (width, height)]
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


def pwg_raster_page(width: int = 320, height: int = 200, dpi: int = 150) -> bytes:
    """A one-page PWG raster (PWG 5102.4) in 8-bit grey: the sync word "RaS2", a 1796-byte
    page header (big-endian) and the page as PackBits-style lines: a line-repeat byte, then
    runs of one repeated pixel. The page is white with a black band, so a lost or reordered
    chunk shows in the bytes. cupsd types it image/pwg-raster by the sync word and the
    "PwgRaster" media class."""
    header = bytearray(1796)
    header[0:9] = b"PwgRaster"

    def put(offset: int, value: int):
        header[offset:offset + 4] = value.to_bytes(4, "big")

    put(276, dpi)  # HWResolution
    put(280, dpi)
    put(340, 1)  # NumCopies
    put(352, width * 72 // dpi)  # PageSize, points
    put(356, height * 72 // dpi)
    put(372, width)  # cupsWidth
    put(376, height)  # cupsHeight
    put(384, 8)  # cupsBitsPerColor
    put(388, 8)  # cupsBitsPerPixel
    put(392, width)  # cupsBytesPerLine
    put(396, 0)  # cupsColorOrder: chunky
    put(400, 18)  # cupsColorSpace: sgray
    put(420, 1)  # cupsNumColors
    put(452, 1)  # TotalPageCount
    header[1732:1732 + 16] = b"iso_a4_210x297mm"  # PageSizeName

    def line(pixel: int) -> bytes:
        out = bytearray()
        left = width
        while left:
            run = min(left, 128)
            out += bytes([run - 1, pixel])
            left -= run
        return bytes(out)

    body = bytearray()
    for y in range(height):
        body += b"\x00" + line(0 if height // 3 <= y < height // 2 else 255)
    return b"RaS2" + bytes(header) + bytes(body)
