"""Text-guided photo restoration: synthesis, captions, text encoders, the DC-former, Restorer.

Nothing here loads a model at import time.
"""

from .restorer import Restorer

__all__ = ["Restorer"]
