"""Jupyter server configuration of this course: kernel messages reach the browser at once.

`make` copies this file to ``.venv/etc/jupyter/jupyter_server_config.py`` and Binder's
``postBuild`` to the environment's ``etc/jupyter``; every ``jupyter lab`` or ``jupyter notebook``
started from that environment loads it (``jupyter --paths`` lists where config is read).

Why. Tornado's websockets leave Nagle's algorithm on unless told otherwise, and
jupyter_server (2.21) does not tell them. A slider press makes the kernel send several small
messages in a row: ``status: busy``, the slider's ``echo_update``, then the new picture. The first
leaves at once; the next ones are held back until the browser acknowledges the first, and the
browser delays that acknowledgement (TCP delayed ACK, up to 40 ms on Linux). Measured on
notebook 06 in headless Chromium on this machine (``benchmarks/bench_message_path.py``): the
new picture reached the page a median 21 ms after the kernel had finished (the echo, sent 0.1 ms
after ``busy``, ~45 ms after it was sent), and 3 ms with ``TCP_NODELAY`` set; key press to new
picture 62 → 53 ms median, and over all notebooks 52 → 44 ms (``benchmarks/README.md``).

The connection class below is jupyter_server's own, with ``TCP_NODELAY`` set on the websocket
as soon as it opens. Outside this environment (a university JupyterHub, VS Code) everything
works the same, only each slider press takes some 10–40 ms longer.
"""

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection


class NoDelayConnection(ZMQChannelsWebsocketConnection):
    """jupyter_server's kernel websocket connection, with Nagle's algorithm switched off."""

    def connect(self):
        self.websocket_handler.set_nodelay(True)
        self.log.info("Kernel websocket: TCP_NODELAY set (tools/jupyter_server_config.py).")
        return super().connect()


c = get_config()  # noqa: F821 - provided by traitlets when it loads this file
c.ServerApp.kernel_websocket_connection_class = NoDelayConnection
