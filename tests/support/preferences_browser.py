#!/usr/bin/env python3
"""Opens goald's email preferences page in headless Chromium (Debian's chromium +
chromedriver, over the W3C WebDriver protocol with the standard library only), clicks the
named switches' buttons one after another, and prints what the reader saw as JSON:

  {"steps": [{"lang": "en", "states": {"digest": "on", ...}, "buttons": {...}, "saved": false}, ...]}

one step for the page as first loaded, then one after each click (the page a POST answers).

Usage: preferences_browser.py URL SETTING [SETTING ...]   (SETTING: digest, nudges, cheers)
Exits 2 when chromium or chromedriver is missing, so the calling test can say so.
"""

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

READ = r"""
const states = {}, buttons = {};
for (const s of document.querySelectorAll('section[data-state]')) {
  states[s.id] = s.dataset.state;
  buttons[s.id] = s.querySelector('button').textContent.trim();
}
return {lang: document.documentElement.lang, states, buttons,
        saved: !!document.getElementById('saved'), who: (document.getElementById('who') || {}).textContent || null};
"""

CLICK = r"""
const button = document.querySelector('section#' + arguments[0] + ' button');
if (!button) return false;
button.click();
return true;
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


def wait_for_new_page(base, sid, old_id):
    """Waits until the document that the form's POST answered has replaced the old one."""
    for _ in range(200):
        try:
            marker = call(base, "POST", f"/session/{sid}/execute/sync",
                          {"script": "return [document.readyState, window.__goald_page || null];", "args": []})
            if marker[0] == "complete" and marker[1] != old_id:
                return
        except OSError:
            pass
        time.sleep(0.05)
    sys.exit("the page never changed after a click")


def mark(base, sid, n):
    call(base, "POST", f"/session/{sid}/execute/sync", {"script": f"window.__goald_page = {n};", "args": []})


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: preferences_browser.py URL [SETTING ...]")
    url, clicks = sys.argv[1], sys.argv[2:]
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
        steps = []
        try:
            call(base, "POST", f"/session/{sid}/url", {"url": url})
            mark(base, sid, 0)
            steps.append(call(base, "POST", f"/session/{sid}/execute/sync", {"script": READ, "args": []}))
            for n, setting in enumerate(clicks, start=1):
                if not call(base, "POST", f"/session/{sid}/execute/sync", {"script": CLICK, "args": [setting]}):
                    sys.exit(f"no button for {setting}")
                wait_for_new_page(base, sid, n - 1)
                mark(base, sid, n)
                steps.append(call(base, "POST", f"/session/{sid}/execute/sync", {"script": READ, "args": []}))
        finally:
            call(base, "DELETE", f"/session/{sid}")
        print(json.dumps({"steps": steps}))
    finally:
        driver.terminate()
        driver.wait(timeout=10)


if __name__ == "__main__":
    main()
