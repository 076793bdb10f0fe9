"""Properties of the DTS service: any parameters give a response or a 4xx error; members are unique and in order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from serve_support import EXCHANGE_EDITION
from teikit.edition import Edition
from teikit.exchange.dts import PARAMETERS, DTSError, DTSService
from teikit.exchange.index import EditionIndex

SERVICE = DTSService(EditionIndex(Edition.open(EXCHANGE_EDITION)), page_size=3)
VALUES = ["dafp-v22-343", "wilson-116548", "plain-note", "nothing", "1", "2", "2.1", "3.1", "9", "-1", "0",
          "pages", "children", "parents", "application/tei+xml", "x"]


def params_for(endpoint: str):
    return st.dictionaries(st.sampled_from(PARAMETERS[endpoint]),
                           st.one_of(st.sampled_from(VALUES), st.text(max_size=12)), max_size=5)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["collection", "navigation", "document"]), st.data())
def test_any_parameters_give_a_response_or_a_client_error(endpoint, data):
    params = data.draw(params_for(endpoint))
    try:
        if endpoint == "navigation":
            response = SERVICE.navigation(params, "http://localhost/api/dts/navigation")
        else:
            response = getattr(SERVICE, endpoint)(params)
    except DTSError as exc:
        assert exc.status in (400, 404)
        return
    assert response.status == 200


@settings(max_examples=200, deadline=None)
@given(params_for("navigation"))
def test_navigation_members_are_unique_and_in_document_order(params):
    params = {**params, "resource": "dafp-v22-343", "page": "1"}
    try:
        body = SERVICE.navigation(params, "http://localhost/api/dts/navigation").body
    except DTSError:
        return
    order = [u.identifier for u in SERVICE.trees(SERVICE.index.get("dafp-v22-343"))[0 if "tree" not in params else 1].units]
    members = [m["identifier"] for m in body.get("member", [])]
    assert len(members) == len(set(members))
    assert members == sorted(members, key=order.index)
