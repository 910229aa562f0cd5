"""Headless Chromium driven over the DevTools protocol on a pipe (no port, no network).

``--remote-debugging-pipe`` makes Chromium read commands from file descriptor 3 and
write answers and events to descriptor 4, each a JSON message ended by a NUL byte
(https://chromedevtools.github.io/devtools-protocol/). Nothing listens on a socket,
and the flags below switch off every background fetch (updates, sync, component
downloads), so printing a report stays offline. Each session gets a fresh profile
folder that is removed afterwards.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from gdpr_audit.core.errors import ConfigError

#: The browser tests' flags (tests/report/test_browser.py): no GPU, sandbox, sync or updates.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--mute-audio",
         "--remote-debugging-pipe"]
_NAMES = ("chromium", "chromium-browser", "google-chrome")


class ChromiumError(ConfigError):
    """Chromium is missing, did not start or did not answer."""


def find_chromium() -> str:
    """Path of the installed Chromium.

    Raises:
        ChromiumError: none installed (Debian: ``apt-get install chromium``, ``make chromium``).
    """
    for name in _NAMES:
        path = shutil.which(name)
        if path:
            return path
    raise ChromiumError("--pdf needs Chromium: install it (`make chromium`, Debian package "
                        "chromium)")


class Chromium:
    """One headless browser with one page; use as a context manager.

    >>> with Chromium() as browser:            # doctest: +SKIP
    ...     browser.open(Path("index.html"), width=703)
    ...     browser.evaluate("document.title")
    """

    def __init__(self, timeout: float = 120.0) -> None:
        self.timeout = timeout
        self._next_id = 0
        self._buffer = b""
        self._events: list[dict[str, Any]] = []
        self._session = ""
        self._profile = Path(tempfile.mkdtemp(prefix="gdpr-audit-chromium-"))
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire_pipes() -> None:  # in the child: its fds 3 and 4 are the protocol pipe
            # moved above 3 and 4 first, so one dup2 cannot overwrite the other's source
            high_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        try:
            self._proc = subprocess.Popen(
                [find_chromium(), *FLAGS, f"--user-data-dir={self._profile}", "about:blank"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                preexec_fn=wire_pipes, pass_fds=(3, 4),  # kept open by the fd clean-up
            )
        except BaseException:
            shutil.rmtree(self._profile, ignore_errors=True)
            raise
        finally:
            os.close(to_browser_r)
            os.close(from_browser_w)
        try:
            target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            self._session = self.call("Target.attachToTarget",
                                      {"targetId": target, "flatten": True})["sessionId"]
            self.call("Page.enable")
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """End the browser and remove its profile."""
        try:
            if self._proc.poll() is None:
                self._send({"id": -1, "method": "Browser.close"}, session=False)
                self._proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self._proc.kill()
            self._proc.wait()
        finally:
            for fd in (self._to_browser, self._from_browser):
                with contextlib.suppress(OSError):
                    os.close(fd)
            shutil.rmtree(self._profile, ignore_errors=True)

    # -- protocol -------------------------------------------------------------------------

    def _send(self, message: dict[str, Any], session: bool = True) -> None:
        if session and self._session:
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise ChromiumError("Chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise ChromiumError("Chromium ended unexpectedly")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send one command to the page (or the browser before a page exists); its result.

        Raises:
            ChromiumError: the command failed or timed out.
        """
        self._next_id += 1
        wanted = self._next_id
        self._send({"id": wanted, "method": method, "params": params or {}})
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._read(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise ChromiumError(f"Chromium refused {method}: "
                                        f"{message['error'].get('message', '')}")
                result: dict[str, Any] = message.get("result", {})
                return result
            if "method" in message:
                self._events.append(message)

    def wait_event(self, method: str) -> dict[str, Any]:
        """The next event ``method`` (one received earlier counts)."""
        deadline = time.monotonic() + self.timeout
        while True:
            for i, event in enumerate(self._events):
                if event["method"] == method:
                    return self._events.pop(i)
            message = self._read(deadline)
            if "method" in message:
                self._events.append(message)

    # -- page -----------------------------------------------------------------------------

    def open(self, page: Path, width: int, height: int = 1100, media: str = "") -> None:
        """Load ``page`` from disk in a ``width`` × ``height`` CSS-pixel viewport and wait
        until its scripts have drawn every plotly chart.

        ``media`` ``"print"`` lays the page out as for printing (for measuring).
        """
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self.call("Emulation.setEmulatedMedia", {"media": media})
        self._events = [e for e in self._events if e["method"] != "Page.loadEventFired"]
        self.call("Page.navigate", {"url": page.resolve().as_uri()})
        self.wait_event("Page.loadEventFired")
        drawn = self.evaluate(_WAIT_FOR_CHARTS)
        if not drawn:
            raise ChromiumError(f"{page.name}: charts were not drawn")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited).

        Raises:
            ChromiumError: the script threw.
        """
        result = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                                "returnByValue": True})
        if "exceptionDetails" in result:
            detail = result["exceptionDetails"].get("exception", {}).get("description", "")
            raise ChromiumError(f"script failed in the page: {detail[:200]}")
        return result.get("result", {}).get("value")

    def print_pdf(self, options: dict[str, Any]) -> bytes:
        """The loaded page printed (``Page.printToPDF`` with ``options``)."""
        import base64

        return base64.b64decode(self.call("Page.printToPDF", options)["data"])


#: Resolves true once every plotly div holds its SVG (false after 30 s).
_WAIT_FOR_CHARTS = """
new Promise(resolve => {
  const start = Date.now();
  const done = () => [...document.querySelectorAll('.plotly-graph-div')]
      .every(d => d.querySelector('.main-svg'));
  const poll = () => {
    if (done()) { document.fonts.ready.then(() => resolve(true)); }
    else if (Date.now() - start > 30000) { resolve(false); }
    else { setTimeout(poll, 50); }
  };
  poll();
})
"""
