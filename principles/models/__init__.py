"""Published principle sets and the rating scales used to self-assess against them.

Everything here is reference data maintained by admins and shipped as fixtures,
so every model has a natural key: fixtures stay stable and re-loadable.
"""

from .scales import DEFAULT_IN_USE, NO_DEFAULT_SCALE, RatingLevel, RatingScale
from .sets import (
    DUPLICATE_CODE,
    Nation,
    Principle,
    PrincipleGroup,
    PrincipleLevelDescriptor,
    PrincipleSet,
    heading,
)

__all__ = [
    "DEFAULT_IN_USE",
    "DUPLICATE_CODE",
    "NO_DEFAULT_SCALE",
    "Nation",
    "Principle",
    "PrincipleGroup",
    "PrincipleLevelDescriptor",
    "PrincipleSet",
    "RatingLevel",
    "RatingScale",
    "heading",
]
