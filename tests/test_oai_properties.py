"""Properties of the OAI-PMH provider: any request gets a well-formed answer; paging loses and repeats nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lxml import etree

from serve_support import EXCHANGE_EDITION
from teikit import tei
from teikit.edition import Edition
from teikit.exchange.index import EditionIndex
from teikit.exchange.oai import VERBS, OAIRepository

OAI = "{http://www.openarchives.org/OAI/2.0/}"
INDEX = EditionIndex(Edition.open(EXCHANGE_EDITION))
STRUCTURE = etree.RelaxNG(etree.parse(str(EXCHANGE_EDITION.parent / "oai-pmh-structure.rng")))
NAMES = ["verb", "metadataPrefix", "identifier", "from", "until", "set", "resumptionToken", "colour"]
VALUES = ["oai_dc", "tei", "marc", "oai:example.org:wilson-116548", "oai:example.org:nothing", "1964-09-05",
          "2026-01-15T00:00:00Z", "1964-13-01", "archive", "archive:prc-fma", "language:zh", "", "%%"] + sorted(VERBS)

pairs = st.lists(st.tuples(st.sampled_from(NAMES), st.one_of(st.sampled_from(VALUES), st.text(max_size=30))),
                 max_size=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs)
def test_every_request_gets_a_well_formed_answer(request_pairs):
    data = OAIRepository(INDEX, page_size=2).handle(request_pairs, "http://localhost/oai")
    root = tei.parse_bytes(data).getroot()
    assert STRUCTURE.validate(root), STRUCTURE.error_log.last_error
    children = [child.tag for child in root]
    assert children[:2] == [f"{OAI}responseDate", f"{OAI}request"]
    rest = children[2:]
    if rest and rest[0] == f"{OAI}error":
        assert all(tag == f"{OAI}error" for tag in rest)
    else:
        assert len(rest) == 1 and rest[0][len(OAI):] in VERBS


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=1, max_value=8), st.sampled_from(["ListIdentifiers", "ListRecords"]))
def test_paging_returns_every_record_exactly_once(page_size, verb):
    repository = OAIRepository(INDEX, page_size=page_size)
    request = [("verb", verb), ("metadataPrefix", "oai_dc")]
    seen = []
    while True:
        root = tei.parse_bytes(repository.handle(request, "http://localhost/oai")).getroot()
        seen += [e.text for e in root.iter(f"{OAI}identifier") if e.getparent().tag == f"{OAI}header"]
        token = root.find(f".//{OAI}resumptionToken")
        if token is None or not token.text:
            break
        request = [("verb", verb), ("resumptionToken", token.text)]
    assert seen == [f"oai:example.org:{e.meta.id}" for e in INDEX.entries()]
