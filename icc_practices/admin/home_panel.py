"""The editors' panel on the Wagtail dashboard: proposals waiting for review, and how many
people follow each filter by e-mail.

Counts only: no alert subscriber's address is shown here, to anyone. Each half is shown to
who may act on it (proposals: their view permission; alerts: whoever may add or edit
pages, as Wagtail's Editors and Moderators, or see subscriptions)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from django.db.models import Count
from django.template.loader import get_template
from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from icc_practices.admin.viewsets import ProposalPermissionPolicy
from icc_practices.models import AlertSubscription, PracticeIndexPage, PracticeSubmission
from icc_practices.search.query import filter_labels

PROPOSALS_SHOWN = 5
FILTERS_SHOWN = 10


class PracticesHomePanel(Component):
    name = "icc_practices"
    template_name = "icc_practices/admin/home_panel.html"
    order = 120

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> dict:
        user = (parent_context or {})["request"].user
        context: dict[str, Any] = {"proposals": None, "followed": None}
        if ProposalPermissionPolicy(PracticeSubmission).user_has_permission(user, "view"):
            waiting = PracticeSubmission.objects.filter(
                status=PracticeSubmission.Status.NEW
            ).order_by("-created_at")
            context["proposals"] = list(waiting[:PROPOSALS_SHOWN])
            context["proposals_total"] = waiting.count()
            context["proposals_url"] = reverse(
                "wagtailsnippets_icc_practices_practicesubmission:list"
            )
        policy = ModelPermissionPolicy(AlertSubscription)
        if (
            policy.user_has_permission(user, "view")
            or PagePermissionPolicy().user_has_any_permission(user, ["add", "change"])
            or user.is_superuser
        ):
            rows = list(
                AlertSubscription.objects.confirmed()
                .values("index_page", "query")
                .annotate(followers=Count("pk"))
                .order_by("-followers", "query")[:FILTERS_SHOWN]
            )
            indexes = PracticeIndexPage.objects.in_bulk({row["index_page"] for row in rows})
            context["followed"] = [
                {
                    "index": indexes[row["index_page"]],
                    "filters": filter_labels(parse_qs(row["query"])),
                    "followers": row["followers"],
                    "url": (indexes[row["index_page"]].url or "/")
                    + (f"?{row['query']}" if row["query"] else ""),
                }
                for row in rows
                if row["index_page"] in indexes
            ]
            context["subscribers"] = AlertSubscription.objects.confirmed().count()
        return context

    def render_html(self, parent_context: Mapping[str, Any] | None = None) -> str:
        context = self.get_context_data(parent_context)
        if context["proposals"] is None and context["followed"] is None:
            return ""
        return get_template(self.template_name).render(context)
