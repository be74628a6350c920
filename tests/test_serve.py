"""`study serve`: the app in a real headless browser (Chromium through selenium), and what the command
says before it listens anywhere but this machine."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backprop_study.cli import build_parser, main
from backprop_study.commands import serve
from backprop_study.store.workspace import Workspace

CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser") if shutil.which(name)), None)
CHROMEDRIVER = shutil.which("chromedriver")


def _browser_missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    if CHROMIUM is None or CHROMEDRIVER is None:
        return "no Chromium and chromedriver here (apt-get install chromium chromium-driver; .ci/run does)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _serving(workspace: Workspace, port: int) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "backprop_study", "--workspace", str(workspace.root), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its apps too are stopped with it, as a group
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            time.sleep(0.1)
        else:
            raise AssertionError("study serve did not start listening within 30 s")
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def browser():
    missing = _browser_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser test, but {missing}")
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    # --disable-webgl: xterm.js falls back to DOM rows, so the screen's text can be read from the page.
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-webgl"):
        options.add_argument(flag)
    options.add_argument("--window-size=1200,900")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _wait_for_text(driver, text: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = driver.execute_script(
            "const rows = document.querySelector('.xterm-rows'); return rows ? rows.textContent : '';"
        )
        if text in shown:
            return shown
        time.sleep(0.2)
    raise AssertionError(f"the page never showed {text!r}; it showed: {shown[-1500:]!r}")


@pytest.mark.slow
def test_the_app_runs_in_a_browser_tab_and_reviews_cards(workspace: Workspace, browser) -> None:
    port = _free_port()
    with _serving(workspace, port):
        browser.get(f"http://127.0.0.1:{port}")
        dashboard = _wait_for_text(browser, "Course:")
        assert "exercises done" in dashboard
        keys = browser.find_element("css selector", ".xterm-helper-textarea")
        keys.send_keys("r")
        review = _wait_for_text(browser, "Due now:")
    # A card is on screen: the start of one of the decks' questions.
    from backprop_study.cards.decks import load_decks

    prompts = [" ".join(card.prompt.split())[:40] for card in load_decks(workspace.deck_sources()).cards()]
    assert any(prompt in " ".join(review.split()) for prompt in prompts), review


def test_localhost_is_the_default_and_local_addresses_are_recognised() -> None:
    parser = build_parser()
    args = parser.parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)
    for host in ("127.0.0.1", "127.3.2.1", "::1", "[::1]", "localhost"):
        assert serve.is_local(host), host
    for host in ("0.0.0.0", "192.168.1.20", "::", "example.org"):
        assert not serve.is_local(host), host


def test_binding_elsewhere_warns_before_listening(workspace: Workspace, monkeypatch, capsys) -> None:
    import textual_serve.server

    listened: list[tuple[str, int]] = []

    def fake_serve(self, debug: bool = False) -> None:
        listened.append((self.host, self.port))
        # The warning must already be out when the server starts listening.
        assert "warning: serving on 0.0.0.0" in capsys.readouterr().err

    monkeypatch.setattr(textual_serve.server.Server, "serve", fake_serve)
    assert main(["--workspace", str(workspace.root), "serve", "--host", "0.0.0.0", "--port", "8123"]) == 0
    assert listened == [("0.0.0.0", 8123)]


def test_a_local_address_gets_no_warning(workspace: Workspace, monkeypatch, capsys) -> None:
    import textual_serve.server

    monkeypatch.setattr(textual_serve.server.Server, "serve", lambda self, debug=False: None)
    assert main(["--workspace", str(workspace.root), "serve"]) == 0
    captured = capsys.readouterr()
    assert "warning" not in captured.err
    assert "http://localhost:8000" in captured.out


def test_a_port_in_use_is_explained(workspace: Workspace) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "backprop_study", "--workspace", str(workspace.root), "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "--port" in result.stderr


def test_each_tab_runs_this_python_on_this_workspace(tmp_path: Path) -> None:
    folder = tmp_path / "my work; rm -rf ~"
    command = serve.app_command(str(folder))
    assert command.startswith(sys.executable) or command.startswith(f"'{sys.executable}'")
    assert f"--workspace '{folder}'" in command  # quoted: the shell sees one harmless argument
