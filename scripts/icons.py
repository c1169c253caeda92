"""Make the web app's PNG icons from static/icon.svg with Debian's Chromium (the manifest's 192 and 512 px
icons, a maskable 512 px one with the safe-zone margin, and the 180 px apple-touch-icon). Run it after
changing icon.svg and commit the PNGs; nothing is downloaded:

    .venv/bin/python scripts/icons.py
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parents[1] / "src" / "runlift" / "web" / "static"
CHROMIUM = os.environ.get("RUNLIFT_CHROMIUM", "/usr/bin/chromium")
GREEN = "#0f5c4d"  # the icon's background, and the maskable icon's margin
# name → (size in px, share of the square the SVG fills: a maskable icon keeps its drawing in the middle 80 %)
ICONS = {
    "icon-192.png": (192, 1.0),
    "icon-512.png": (512, 1.0),
    "icon-maskable-512.png": (512, 0.8),
    "icon-180.png": (180, 1.0),
}


def page_html(svg: str, size: int, share: float, maskable: bool) -> str:
    inner = round(size * share)
    background = GREEN if maskable else "transparent"
    drawing = svg.replace("<svg ", '<svg width="100%" height="100%" ', 1)
    return (
        f"<!doctype html><html><body style='margin:0;background:{background}'>"
        f"<div style='width:{size}px;height:{size}px;display:flex;align-items:center;justify-content:center'>"
        f"<div style='width:{inner}px;height:{inner}px'>{drawing}</div>"
        "</div></body></html>"
    )


def main() -> None:
    svg = (STATIC / "icon.svg").read_text(encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True)
        for name, (size, share) in ICONS.items():
            page = browser.new_page(viewport={"width": size, "height": size}, device_scale_factor=1)
            page.set_content(page_html(svg, size, share, maskable=share < 1))
            page.screenshot(path=str(STATIC / name), omit_background=share == 1.0)
            page.close()
            print(f"{name}: {size}×{size}")
        browser.close()


if __name__ == "__main__":
    main()
