"""The rule families, one module each. Order is the order findings are produced in."""

from .base import Context, Env, Family
from .date import DateFamily
from .formulation import FormulationFamily
from .junk import JunkFamily
from .layout import LayoutFamily
from .numbering import NumberingFamily
from .placeholder import PlaceholderFamily
from .punctuation import PunctuationFamily
from .quantity import QuantityFamily
from .residue import ResidueFamily
from .structure import StructureFamily
from .typo import TypoFamily
from .wording import WordingFamily

FAMILIES: tuple[Family, ...] = (
    StructureFamily(), QuantityFamily(), PlaceholderFamily(), JunkFamily(), ResidueFamily(),
    NumberingFamily(), PunctuationFamily(), DateFamily(), WordingFamily(), FormulationFamily(),
    TypoFamily(),
    LayoutFamily(),
)

__all__ = ["FAMILIES", "Context", "Env", "Family"]
