"""The conversation: describe a damaged photo, restore it, refine the result by chat, undo.

`Assistant` is one conversation (`upload`, `send`, each returning a `Reply`). The describers
(`dialogue.describer`) and the instruction parser's sentence encoder (`dialogue.embedding`) load their
models on first use: nothing loads a model at import time.
"""

from .assistant import Assistant, Reply

__all__ = ["Assistant", "Reply"]
