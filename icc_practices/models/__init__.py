from icc_practices.models.alerts import AlertDelivery, AlertSubscription
from icc_practices.models.generations import CacheGeneration, FacetIndexSnapshot
from icc_practices.models.imports import PracticeImport
from icc_practices.models.pages import (
    PracticeIndexPage,
    PracticeLink,
    PracticePage,
    PracticePageTag,
)
from icc_practices.models.related import ExcludedRelatedPractice, PinnedRelatedPractice
from icc_practices.models.submissions import PracticeSubmission, ProposalAttachment
from icc_practices.models.taxonomy import City, Country, Topic
from icc_practices.models.text_changes import PracticeTextChange

__all__ = [
    "AlertDelivery",
    "AlertSubscription",
    "CacheGeneration",
    "ExcludedRelatedPractice",
    "City",
    "Country",
    "FacetIndexSnapshot",
    "PracticeImport",
    "PracticeIndexPage",
    "PracticeLink",
    "PracticePage",
    "PracticePageTag",
    "PinnedRelatedPractice",
    "PracticeSubmission",
    "ProposalAttachment",
    "PracticeTextChange",
    "Topic",
]
