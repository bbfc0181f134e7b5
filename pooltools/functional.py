"""Every op (the poolings and their upsamplers) under torch's module name, for code
written against torch.

``import pooltools.functional as F`` and then ``F.max_pool2d(x, 2)`` reads as it does
with ``import torch.nn.functional as F``. Nothing is defined here: each op is defined in
the module named after it (``max_pool2d`` in ``max_pool.py``), and ``pooltools`` itself
exports the same functions: this module re-exports ``pooltools.__all__``, so the two
lists cannot drift apart.
"""

from . import *  # noqa: F403
from . import __all__  # noqa: F401
