"""Protocol arguments: every OAI-PMH and DTS argument with control characters, broken encodings,
repeats and excess gets the protocol's own error, never an HTTP 500.

`/oai?verb=GetRecord&identifier=%01&metadataPrefix=oai_dc` used to answer 500: the
argument was echoed into the response, which XML cannot hold.
"""

from __future__ import annotations

import pytest
from lxml import etree
from serve_support import copy_exchange_edition
from starlette.testclient import TestClient

from teikit.edition import Edition
from teikit.exchange.app import create_app
from teikit.exchange.oai import VERBS

OAI = "http://www.openarchives.org/OAI/2.0/"
VALID = {"identifier": "oai:example.org:wilson-116548", "metadataPrefix": "oai_dc", "from": "1960-01-01",
         "until": "1970-01-01", "set": "language", "resumptionToken": "x"}
# Percent-encoded: C0 controls (NUL, SOH, ESC, tab, newline), DEL, a C1 control, non-characters,
# a surrogate (not UTF-8) and a byte that is no UTF-8 at all.
BAD_VALUES = ["%00", "%01", "%1B", "%09", "%0A", "a%0Db", "%7F", "%C2%85", "%EF%BF%BE", "%EF%BF%BF", "%ED%A0%80", "%FF"]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    edition = copy_exchange_edition(tmp_path_factory.mktemp("protocol") / "edition")
    return TestClient(create_app(Edition.open(edition)), raise_server_exceptions=False)


def _cases():
    for verb, (required, optional) in sorted(VERBS.items()):
        for argument in sorted(required | optional):
            for bad in BAD_VALUES:
                yield verb, argument, bad


def _error_code(response) -> str:
    assert response.status_code == 200, response.status_code
    root = etree.fromstring(response.content)
    errors = root.findall(f"{{{OAI}}}error")
    assert len(errors) == 1, response.text
    return errors[0].get("code")


@pytest.mark.parametrize("verb, argument, bad", list(_cases()))
def test_a_control_character_in_any_oai_argument_is_a_bad_argument(client, verb, argument, bad):
    required, _ = VERBS[verb]
    pairs = [("verb", verb)] + [(name, VALID[name]) for name in sorted(required) if name != argument
                                and argument != "resumptionToken"]
    query = "&".join(f"{k}={v}" for k, v in pairs) + f"&{argument}={bad}"
    assert _error_code(client.get(f"/oai?{query}")) == "badArgument"
    posted = client.post("/oai", content=query, headers={"content-type": "application/x-www-form-urlencoded"})
    assert _error_code(posted) == "badArgument"


@pytest.mark.parametrize("bad", BAD_VALUES)
def test_a_control_character_in_the_verb_or_an_argument_name(client, bad):
    assert _error_code(client.get(f"/oai?verb=Get{bad}Record")) in ("badVerb", "badArgument")
    assert _error_code(client.get(f"/oai?verb=Identify&x{bad}=1")) == "badArgument"


@pytest.mark.parametrize("query", ["verb=Identify&verb=Identify", "verb=Identify&" + "a=1&" * 40,
                                   "verb=GetRecord&identifier=" + "x" * 5000 + "&metadataPrefix=oai_dc",
                                   "verb=GetRecord&identifier=a&identifier=b&metadataPrefix=oai_dc", "%zz=1&verb=Identify"])
def test_repeated_excessive_and_broken_queries(client, query):
    assert _error_code(client.get(f"/oai?{query}")) in ("badVerb", "badArgument")


DTS = {"collection": ["id", "page", "nav"], "navigation": ["resource", "ref", "start", "end", "down", "page"],
       "document": ["resource", "ref", "start", "end", "mediaType"]}


@pytest.mark.parametrize("endpoint, argument", [(e, a) for e, names in sorted(DTS.items()) for a in names])
@pytest.mark.parametrize("bad", ["%00", "%01", "%7F", "%C2%85", "%EF%BF%BE", "%FF", "x" * 5000],
                         ids=["nul", "soh", "del", "c1", "non-character", "not-utf8", "too-long"])
def test_dts_answers_every_bad_argument_with_a_client_error(client, endpoint, argument, bad):
    resource = "" if argument == "resource" or endpoint == "collection" else "resource=wilson-116548&"
    response = client.get(f"/api/dts/{endpoint}?{resource}{argument}={bad}")
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:200])
    status = response.json()
    assert status["@type"] == "Status" and status["statusCode"] == response.status_code
