"""Text-guided photo restoration: synthesis, captions, analyzer, text encoders, the DC-former, Restorer.

Nothing here loads a model at import time.
"""

from .analyzer import Analysis, analyze
from .restorer import Restorer

__all__ = ["Analysis", "Restorer", "analyze"]
