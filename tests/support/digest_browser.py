#!/usr/bin/env python3
"""Opens a rendered digest in headless Chromium (Debian's chromium + chromedriver, driven
over the W3C WebDriver protocol with the standard library only) at each given width, in
light and dark mode, and prints what a reader would see as JSON on stdout:

  {"375": {"light": {...}, "dark": {...}}, "800": {...}}

with, per view: the document's scroll width and the viewport width (overflow), each
"Update progress" button's box and whether it is visible, every link's href, and the
contrast ratio of each goal title against the background behind it.

Usage: digest_browser.py FILE.html WIDTH [WIDTH ...]
Exits 2 when chromium or chromedriver is missing, so the calling test can say so.
"""

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

MEASURE = r"""
const luminance = (rgb) => {
  const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const parse = (c) => (c.match(/[\d.]+/g) || []).map(Number);
const background = (el) => {
  for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
  }
  return [255, 255, 255];
};
const contrast = (el) => {
  const a = luminance(parse(getComputedStyle(el).color).slice(0, 3));
  const b = luminance(background(el));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
};
const vw = document.documentElement.clientWidth, vh = window.innerHeight;
const buttons = [...document.querySelectorAll('a.gd-button')].map((a) => {
  a.scrollIntoView({block: 'center'});
  const r = a.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  const style = getComputedStyle(a);
  return {
    href: a.href, text: a.textContent.trim(),
    left: r.left, right: r.right, width: r.width, height: r.height,
    visible: r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= vw && style.visibility !== 'hidden'
             && style.display !== 'none' && (hit === a || a.contains(hit)),
  };
});
window.scrollTo(0, 0);
const titles = [...document.querySelectorAll('td.gd-text div')].filter((d) => d.style.fontWeight === 'bold');
return {
  scroll_width: document.documentElement.scrollWidth, viewport_width: vw,
  body_scroll_width: document.body.scrollWidth,
  buttons, links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
  title_contrast: titles.map(contrast),
};
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as reply:
        return json.loads(reply.read())["value"]


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: digest_browser.py FILE.html WIDTH [WIDTH ...]")
    page = Path(sys.argv[1]).resolve().as_uri()
    widths = [int(w) for w in sys.argv[2:]]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_binary = shutil.which("chromedriver")
    if not chromium or not driver_binary:
        print("chromium and chromedriver are needed (Debian: apt-get install chromium chromium-driver)", file=sys.stderr)
        sys.exit(2)
    port = free_port()
    driver = subprocess.Popen([driver_binary, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                call(base, "GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        options = {"binary": chromium, "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]}
        session = call(base, "POST", "/session", {"capabilities": {"alwaysMatch": {"goog:chromeOptions": options}}})
        sid = session["sessionId"]
        result = {}
        try:
            for width in widths:
                metrics = {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}
                call(base, "POST", f"/session/{sid}/goog/cdp/execute",
                     {"cmd": "Emulation.setDeviceMetricsOverride", "params": metrics})
                views = {}
                for scheme in ("light", "dark"):
                    media = {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
                    call(base, "POST", f"/session/{sid}/goog/cdp/execute", {"cmd": "Emulation.setEmulatedMedia", "params": media})
                    call(base, "POST", f"/session/{sid}/url", {"url": page})
                    views[scheme] = call(base, "POST", f"/session/{sid}/execute/sync", {"script": MEASURE, "args": []})
                result[str(width)] = views
        finally:
            call(base, "DELETE", f"/session/{sid}")
        print(json.dumps(result))
    finally:
        driver.terminate()
        driver.wait(timeout=10)


if __name__ == "__main__":
    main()
