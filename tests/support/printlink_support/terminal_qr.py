"""Reading a QR code the way a phone camera would, from what printlinkctl printed: the
half-block characters become a bitmap, and zbarimg (zbar-tools) decodes it. Nothing here knows
how QR codes are encoded, so a wrong drawing or a wrong encoding both fail to decode."""

import subprocess
from pathlib import Path

# Each character is two modules, upper and lower; 1 = dark.
_HALVES = {" ": (0, 0), "\u2580": (1, 0), "\u2584": (0, 1), "\u2588": (1, 1)}


def modules(lines):
    """The module grid (rows of 0/1) the printed lines show."""
    width = max(len(line) for line in lines)
    rows = []
    for line in lines:
        top, bottom = [], []
        for ch in line.ljust(width):
            if ch not in _HALVES:
                raise AssertionError(f"unexpected character {ch!r} in the QR code drawing")
            upper, lower = _HALVES[ch]
            top.append(upper)
            bottom.append(lower)
        rows += [top, bottom]
    return rows


def decode(lines, workdir: Path, scale: int = 4, margin: int = 8) -> str:
    """The text the drawn QR code holds, as zbarimg reads it from a PBM image."""
    grid = modules(lines)
    width = len(grid[0]) + 2 * margin
    height = len(grid) + 2 * margin
    pixels = []
    for y in range(height):
        row = []
        for x in range(width):
            gy, gx = y - margin, x - margin
            dark = 0 <= gy < len(grid) and 0 <= gx < len(grid[0]) and grid[gy][gx]
            row += ["1" if dark else "0"] * scale
        line = " ".join(row)
        pixels += [line] * scale
    image = Path(workdir) / "qr.pbm"
    image.write_text(f"P1\n{width * scale} {height * scale}\n" + "\n".join(pixels) + "\n")
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True,
                            text=True, timeout=30)
    if result.returncode != 0:
        raise AssertionError(f"zbarimg found no QR code ({result.returncode}): {result.stderr}")
    return result.stdout.strip()
