"""The chapters' kernel, as `make` starts it: ipykernel's own, minus one line of noise.

`make` puts tools/jupyter on JUPYTER_PATH, so this directory is the `python3` kernel
the book build (myst-nb -> jupyter-cache -> nbclient) and `make lab` start; its
kernel.json is ipykernel's, plus `--config` pointing here.

Why: nbclient starts each chapter's kernel with jupyter_client's defaults, TCP on
127.0.0.1 without CurveZMQ keys, and myst-nb offers no setting to choose IPC or
encryption. ipykernel (>= 7.3) then logs, once per chapter, straight into the build log:

    [IPKernelApp] WARNING | Kernel is running over TCP without encryption. ...

The sockets listen on localhost only and every message is signed with the kernel's own
random key. This filter drops exactly that notice; every other kernel log record, and
all a cell prints or warns (which the build turns into errors), still gets through.
"""

NOTICE = "Kernel is running over TCP without encryption"

c = get_config()  # noqa: F821 (traitlets provides get_config to config files)
c.IPKernelApp.logging_config = {
    "loggers": {
        "IPKernelApp": {"filters": [lambda record: not record.getMessage().startswith(NOTICE)]}
    }
}
