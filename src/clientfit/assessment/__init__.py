"""Assessment: policy + rules -> decision, reasons, confidence. Pure: no I/O."""

from clientfit.assessment.policy import Policy, load_policy
from clientfit.assessment.portfolio import assess_portfolio
from clientfit.assessment.rules import PortfolioContext, assess_client

__all__ = ["Policy", "PortfolioContext", "assess_client", "assess_portfolio", "load_policy"]
