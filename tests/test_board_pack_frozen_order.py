"""The board pack lists services in the order of the names it shows them by."""

import pytest

from reporting.board_pack import build_board_pack
from tests.board_pack_data import signed
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_a_service_renamed_after_sign_off_keeps_its_place_by_its_shown_name(partnership, people):
    """Renamed from "Alpha" to "Zeta" after sign-off, it is still shown as Alpha, first;
    a service with no assessment goes by its name now."""
    alpha = ServiceFactory(partnership=partnership, name="Alpha reablement")
    ServiceFactory(partnership=partnership, name="beta carers")
    signed(ServiceFactory(partnership=partnership, name="Gamma discharge"), people, "2026/27")
    signed(alpha, people, "2026/27")
    alpha.name = "Zeta reablement"
    alpha.save()
    for per_page in (None, 10):
        pack = build_board_pack(partnership, partnership.default_principle_set, per_page=per_page)
        names = [s.service.name for s in pack.services]
        assert names == ["Alpha reablement", "beta carers", "Gamma discharge"], per_page
        assert [s.service.name for s in pack.included] == ["Alpha reablement", "Gamma discharge"]
