"""tools/jupyter_server_config.py: kernel messages leave the Jupyter server at once.

The file is loaded by every Jupyter server of the course's environment (`make` and Binder's
postBuild copy it to ``<prefix>/etc/jupyter``); the browser suite checks that its server did
load it (tests/test_browser.py). Here: what it configures, and that the copy is current.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from jupyter_core.paths import jupyter_config_path
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "tools" / "jupyter_server_config.py"
INSTALLED = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.py"


def _load():
    return PyFileConfigLoader(SOURCE.name, path=str(SOURCE.parent)).load_config()


def test_the_config_sets_a_connection_class_that_switches_nagle_off(monkeypatch):
    cls = _load().ServerApp.kernel_websocket_connection_class
    assert issubclass(cls, ZMQChannelsWebsocketConnection)
    calls = []

    class Handler:
        def set_nodelay(self, value):
            calls.append(("nodelay", value))

    def base_connect(self):
        calls.append(("connect", None))
        return "future"

    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "connect", base_connect)
    connection = cls.__new__(cls)
    monkeypatch.setattr(cls, "websocket_handler", Handler(), raising=False)
    assert connection.connect() == "future"  # the base class's result, passed on
    assert calls == [("nodelay", True), ("connect", None)]  # set before the channels open


def test_make_installs_it_where_jupyter_reads_config():
    assert str(INSTALLED.parent) in jupyter_config_path()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(VENV)/etc/jupyter/jupyter_server_config.py" in makefile
    assert "cp tools/jupyter_server_config.py" in makefile
    post = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert "cp tools/jupyter_server_config.py" in post and "etc/jupyter" in post


def test_the_installed_copy_is_current():
    if not INSTALLED.exists():
        pytest.skip(f"{INSTALLED} is missing: `make test` installs it (this is not make's venv)")
    assert INSTALLED.read_bytes() == SOURCE.read_bytes(), "stale copy: run `make test`"
