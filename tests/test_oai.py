"""OAI-PMH 2.0 at /oai: harvesting with sickle over HTTP, selective harvesting, every protocol error."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import httpx
import pytest
from lxml import etree
from sickle import Sickle

from golden_support import check_golden
from serve_support import copy_exchange_edition, running
from teikit import tei
from teikit.edition import Edition
from teikit.exchange.app import create_app

OAI = "http://www.openarchives.org/OAI/2.0/"
NS = {"o": OAI, "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
      "dc": "http://purl.org/dc/elements/1.1/", "tei": tei.TEI_NS}
ALL_IDS = ["dafp-v22-343", "plain-note", "wilson-113000", "wilson-116548", "wilson-118000", "wilson-119500"]
PAGE = 2


@pytest.fixture(scope="module")
def edition_dir(tmp_path_factory):
    return copy_exchange_edition(tmp_path_factory.mktemp("oai") / "edition")


@pytest.fixture(scope="module")
def base(edition_dir):
    with running(create_app(Edition.open(edition_dir), oai_page_size=PAGE)) as url:
        yield url


def get(base, **params):
    """GET /oai with params (a list of pairs keeps repeated arguments) and return the parsed response."""
    response = httpx.get(f"{base}/oai", params=params.pop("_pairs", None) or params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    root = tei.parse_bytes(response.content).getroot()
    check_envelope(root)
    return root


STRUCTURE = etree.RelaxNG(etree.parse(str(Path(__file__).resolve().parent / "fixtures" / "exchange" / "oai-pmh-structure.rng")))


def check_envelope(root):
    """Check the structure the protocol requires of every response (element order, cardinalities, values)."""
    assert STRUCTURE.validate(root), STRUCTURE.error_log.last_error
    assert root.tag == f"{{{OAI}}}OAI-PMH"
    children = [c.tag.split("}")[1] for c in root]
    assert children[:2] == ["responseDate", "request"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", root[0].text)
    rest = children[2:]
    assert rest and (all(c == "error" for c in rest) or len(rest) == 1)


def error_code(root) -> str:
    errors = root.findall(f"{{{OAI}}}error")
    assert len(errors) == 1, "expected exactly one error"
    return errors[0].get("code")


def ids_of(root) -> list[str]:
    return [i.text.rsplit(":", 1)[1] for i in root.iterfind(".//o:header/o:identifier", NS)]


# -- harvesting with a real harvester --------------------------------------------------------

def test_sickle_harvests_every_record_in_oai_dc(base):
    records = list(Sickle(f"{base}/oai").ListRecords(metadataPrefix="oai_dc"))
    assert [r.header.identifier for r in records] == [f"oai:example.org:{i}" for i in ALL_IDS]
    titles = {r.header.identifier.rsplit(":", 1)[1]: r.metadata["title"][0] for r in records}
    assert titles["wilson-116548"].startswith("Minutes of Conversation between Kim Il Sung")


def test_sickle_lists_every_identifier_through_resumption_tokens(base):
    headers = list(Sickle(f"{base}/oai").ListIdentifiers(metadataPrefix="tei"))
    assert len(headers) == len(ALL_IDS) > PAGE


def test_sickle_fetches_each_record(base):
    sickle = Sickle(f"{base}/oai")
    for doc_id in ALL_IDS:
        record = sickle.GetRecord(identifier=f"oai:example.org:{doc_id}", metadataPrefix="oai_dc")
        assert doc_id in record.metadata["identifier"]


# -- the six verbs ---------------------------------------------------------------------------

def test_identify_describes_the_repository(base):
    root = get(base, verb="Identify")
    identify = root.find("o:Identify", NS)
    names = [c.tag.split("}")[1] for c in identify]
    assert names[:7] == ["repositoryName", "baseURL", "protocolVersion", "adminEmail",
                         "earliestDatestamp", "deletedRecord", "granularity"]
    assert identify.findtext("o:repositoryName", namespaces=NS) == "Exchange Test Edition"
    assert identify.findtext("o:baseURL", namespaces=NS) == f"{base}/oai"
    assert identify.findtext("o:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DD"
    assert identify.findtext("o:earliestDatestamp", namespaces=NS) == "1957-03-02"
    assert identify.findtext(".//{http://www.openarchives.org/OAI/2.0/oai-identifier}repositoryIdentifier") == "example.org"


def test_request_element_echoes_legal_arguments(base):
    root = get(base, verb="ListIdentifiers", metadataPrefix="oai_dc", set="archive:prc-fma")
    request = root.find("o:request", NS)
    assert dict(request.attrib) == {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "archive:prc-fma"}
    assert request.text == f"{base}/oai"


def test_list_metadata_formats_offers_oai_dc_and_tei(base):
    root = get(base, verb="ListMetadataFormats")
    prefixes = root.xpath("//o:metadataPrefix/text()", namespaces=NS)
    assert prefixes == ["oai_dc", "tei"]
    assert root.xpath("//o:metadataFormat[o:metadataPrefix='tei']/o:metadataNamespace/text()", namespaces=NS) == [tei.TEI_NS]


def test_list_metadata_formats_for_one_item(base):
    root = get(base, verb="ListMetadataFormats", identifier="oai:example.org:wilson-116548")
    assert len(root.findall(".//o:metadataFormat", NS)) == 2


def test_list_sets_by_archive_and_original_language(base):
    root = get(base, verb="ListSets", _pairs=None)
    specs = root.xpath("//o:setSpec/text()", namespaces=NS)
    token = root.find(".//o:resumptionToken", NS)
    while token is not None and token.text:
        root = get(base, verb="ListSets", resumptionToken=token.text)
        specs += root.xpath("//o:setSpec/text()", namespaces=NS)
        token = root.find(".//o:resumptionToken", NS)
    assert specs == ["archive", "archive:avprf", "archive:mol", "archive:naa", "archive:prc-fma",
                     "language", "language:en", "language:hu", "language:ru", "language:zh"]


def test_selective_harvest_by_archive_set(base):
    root = get(base, verb="ListIdentifiers", metadataPrefix="oai_dc", set="archive:prc-fma")
    assert ids_of(root) == ["wilson-116548", "wilson-119500"]


def test_selective_harvest_by_language_set(base):
    root = get(base, verb="ListIdentifiers", metadataPrefix="oai_dc", set="language:ru")
    assert ids_of(root) == ["wilson-113000"]
    assert root.xpath("//o:header/o:setSpec/text()", namespaces=NS) == ["archive:avprf", "language:ru"]


def test_parent_set_contains_its_subsets(base):
    records = list(Sickle(f"{base}/oai").ListIdentifiers(metadataPrefix="oai_dc", set="archive"))
    assert len(records) == 5  # every document with an archive; the editorial note has none


def test_from_selects_records_changed_since(base):
    root = get(base, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2000-01-01"})
    assert ids_of(root) == ["wilson-118000"]


def test_until_selects_records_up_to_a_day_inclusive(base):
    root = get(base, verb="ListIdentifiers", metadataPrefix="oai_dc", until="1957-03-02")
    assert ids_of(root) == ["wilson-113000"]


def test_datestamp_comes_from_the_revision_history(base):
    root = get(base, verb="GetRecord", identifier="oai:example.org:wilson-118000", metadataPrefix="oai_dc")
    assert root.findtext(".//o:header/o:datestamp", namespaces=NS) == "2026-01-15"


def test_datestamp_falls_back_to_the_creation_date(base):
    root = get(base, verb="GetRecord", identifier="oai:example.org:dafp-v22-343", metadataPrefix="oai_dc")
    assert root.findtext(".//o:header/o:datestamp", namespaces=NS) == "1962-06-01"


def test_get_record_in_oai_dc(base):
    root = get(base, verb="GetRecord", identifier="oai:example.org:wilson-116548", metadataPrefix="oai_dc")
    dc = root.find(".//oai_dc:dc", NS)
    assert dc.findtext("dc:date", namespaces=NS) == "1964-09-05"
    assert dc.xpath("dc:language/text()", namespaces=NS) == ["en", "zh"]
    assert "Jeffrey Wang (translator)" in dc.xpath("dc:contributor/text()", namespaces=NS)
    assert "https://example.org/exchange-test/documents/wilson-116548.html" in dc.xpath("dc:identifier/text()", namespaces=NS)


def test_get_record_in_tei_gives_the_whole_header(base):
    root = get(base, verb="GetRecord", identifier="oai:example.org:wilson-116548", metadataPrefix="tei")
    header = root.find(".//o:metadata/tei:teiHeader", NS)
    assert header is not None
    assert header.find("tei:encodingDesc/tei:refsDecl", NS) is not None
    assert header.findtext(".//tei:repository", namespaces=NS) == "PRC FMA"


def test_post_requests_are_answered_like_get(base):
    response = httpx.post(f"{base}/oai", data={"verb": "ListIdentifiers", "metadataPrefix": "oai_dc",
                                               "set": "language:hu"})
    root = tei.parse_bytes(response.content).getroot()
    check_envelope(root)
    assert ids_of(root) == ["wilson-118000"]


def test_resumption_token_carries_list_size_and_cursor(base):
    root = get(base, verb="ListRecords", metadataPrefix="oai_dc")
    token = root.find(".//o:resumptionToken", NS)
    assert token.get("completeListSize") == "6" and token.get("cursor") == "0" and token.text
    root = get(base, verb="ListRecords", resumptionToken=token.text)
    token = root.find(".//o:resumptionToken", NS)
    assert token.get("cursor") == "2"
    root = get(base, verb="ListRecords", resumptionToken=token.text)
    last = root.find(".//o:resumptionToken", NS)
    assert last.get("cursor") == "4" and not last.text  # the final page has an empty token


# -- errors ----------------------------------------------------------------------------------

BAD_VERB = {
    "missing": [("metadataPrefix", "oai_dc")],
    "illegal": [("verb", "ListEverything")],
    "repeated": [("verb", "Identify"), ("verb", "Identify")],
}


@pytest.mark.parametrize("case", sorted(BAD_VERB))
def test_bad_verb(base, case):
    root = get(base, _pairs=BAD_VERB[case])
    assert error_code(root) == "badVerb"
    assert root.find("o:request", NS).attrib == {}  # no attributes echoed for badVerb


BAD_ARGUMENT = {
    "illegal_argument": [("verb", "Identify"), ("colour", "red")],
    "missing_metadata_prefix": [("verb", "ListRecords")],
    "missing_identifier": [("verb", "GetRecord"), ("metadataPrefix", "oai_dc")],
    "repeated_argument": [("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("metadataPrefix", "tei")],
    "malformed_from": [("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("from", "1964-13-45")],
    "finer_granularity_than_supported": [("verb", "ListRecords"), ("metadataPrefix", "oai_dc"),
                                         ("from", "1964-01-01T00:00:00Z")],
    "from_after_until": [("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("from", "1965-01-01"),
                         ("until", "1964-01-01")],
    "resumption_token_with_other_arguments": [("verb", "ListRecords"), ("metadataPrefix", "oai_dc"),
                                              ("resumptionToken", "abc")],
    "oversized_value": [("verb", "GetRecord"), ("metadataPrefix", "oai_dc"), ("identifier", "x" * 2000)],
    "identify_with_arguments": [("verb", "Identify"), ("identifier", "oai:example.org:plain-note")],
}


@pytest.mark.parametrize("case", sorted(BAD_ARGUMENT))
def test_bad_argument(base, case):
    root = get(base, _pairs=BAD_ARGUMENT[case])
    assert error_code(root) == "badArgument"
    assert root.find("o:request", NS).attrib == {}


def test_bad_argument_for_a_malformed_query_string(base):
    response = httpx.get(f"{base}/oai?verb=Identify&x=%FF%FE")
    root = tei.parse_bytes(response.content).getroot()
    check_envelope(root)
    assert error_code(root) == "badArgument"


def test_bad_argument_for_an_oversized_query_string(base):
    response = httpx.get(f"{base}/oai?verb=Identify&" + "a=b&" * 2000)
    root = tei.parse_bytes(response.content).getroot()
    check_envelope(root)
    assert error_code(root) == "badArgument"


@pytest.mark.parametrize("verb", ["ListRecords", "ListIdentifiers"])
def test_cannot_disseminate_format_in_lists(base, verb):
    assert error_code(get(base, verb=verb, metadataPrefix="marc21")) == "cannotDisseminateFormat"


def test_cannot_disseminate_format_for_one_record(base):
    root = get(base, verb="GetRecord", identifier="oai:example.org:plain-note", metadataPrefix="mods")
    assert error_code(root) == "cannotDisseminateFormat"


@pytest.mark.parametrize("identifier", ["oai:example.org:no-such-document", "oai:elsewhere.org:plain-note",
                                        "plain-note"])
def test_id_does_not_exist_in_get_record(base, identifier):
    root = get(base, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    assert error_code(root) == "idDoesNotExist"


def test_id_does_not_exist_in_list_metadata_formats(base):
    root = get(base, verb="ListMetadataFormats", identifier="oai:example.org:missing")
    assert error_code(root) == "idDoesNotExist"


def test_no_records_match_a_future_from(base):
    assert error_code(get(base, verb="ListRecords", metadataPrefix="oai_dc", **{"from": "2099-01-01"})) == "noRecordsMatch"


def test_no_records_match_an_unknown_set(base):
    assert error_code(get(base, verb="ListIdentifiers", metadataPrefix="oai_dc", set="archive:nowhere")) == "noRecordsMatch"


def _token(payload: dict) -> str:
    raw = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_bad_resumption_token_garbage(base):
    assert error_code(get(base, verb="ListRecords", resumptionToken="%%not-a-token%%")) == "badResumptionToken"


def test_bad_resumption_token_for_another_verb(base):
    root = get(base, verb="ListRecords", metadataPrefix="oai_dc")
    token = root.find(".//o:resumptionToken", NS).text
    assert error_code(get(base, verb="ListIdentifiers", resumptionToken=token)) == "badResumptionToken"


def test_bad_resumption_token_with_a_forged_offset(base):
    root = get(base, verb="ListRecords", metadataPrefix="oai_dc")
    token = root.find(".//o:resumptionToken", NS).text
    payload = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    payload["o"] = 400
    assert error_code(get(base, verb="ListRecords", resumptionToken=_token(payload))) == "badResumptionToken"


def test_bad_resumption_token_after_the_edition_changed(tmp_path):
    edition_dir = copy_exchange_edition(tmp_path / "edition")
    with running(create_app(Edition.open(edition_dir), oai_page_size=PAGE, rescan_interval=0)) as url:
        root = get(url, verb="ListIdentifiers", metadataPrefix="oai_dc")
        token = root.find(".//o:resumptionToken", NS).text
        (edition_dir / "tei" / "wilson-119500.xml").unlink()
        assert error_code(get(url, verb="ListIdentifiers", resumptionToken=token)) == "badResumptionToken"


def test_edited_document_is_served_fresh(tmp_path):
    edition_dir = copy_exchange_edition(tmp_path / "edition")
    with running(create_app(Edition.open(edition_dir), rescan_interval=0)) as url:
        path = edition_dir / "tei" / "plain-note.xml"
        path.write_text(path.read_text().replace("An Editorial Note", "A Revised Note"))
        root = get(url, verb="GetRecord", identifier="oai:example.org:plain-note", metadataPrefix="oai_dc")
        assert root.findtext(".//dc:title", namespaces=NS).startswith("A Revised Note")


def test_bad_argument_for_an_oversized_post_body(base):
    response = httpx.post(f"{base}/oai", content=b"verb=Identify&" + b"a=b&" * 4000,
                          headers={"content-type": "application/x-www-form-urlencoded"})
    assert error_code(tei.parse_bytes(response.content).getroot()) == "badArgument"


def test_structure_check_rejects_a_misordered_response(base):
    root = get(base, verb="Identify")
    identify = root.find("o:Identify", NS)
    identify.append(identify[0])  # repositoryName moved to the end
    assert not STRUCTURE.validate(root)


def test_get_record_golden(edition_dir, update_golden):
    from datetime import datetime, timezone

    from teikit.exchange.index import EditionIndex
    from teikit.exchange.oai import OAIRepository

    repository = OAIRepository(EditionIndex(Edition.open(edition_dir)))
    data = repository.handle([("verb", "GetRecord"), ("metadataPrefix", "oai_dc"),
                              ("identifier", "oai:example.org:wilson-116548")], "http://testserver/oai",
                             now=datetime(2026, 1, 1, tzinfo=timezone.utc))
    check_golden(data, Path(__file__).resolve().parent / "cases" / "oai" / "getrecord-oai_dc.xml", update_golden)


def _setless_edition(tmp_path) -> Path:
    edition_dir = copy_exchange_edition(tmp_path / "edition")
    for path in (edition_dir / "tei").glob("*.xml"):
        if path.stem not in ("plain-note", "persons", "places"):
            path.unlink()
    note = edition_dir / "tei" / "plain-note.xml"
    note.write_text(note.read_text().replace(' xml:lang="en"', ""))
    return edition_dir


def test_no_set_hierarchy_in_list_sets(tmp_path):
    with running(create_app(Edition.open(_setless_edition(tmp_path)))) as url:
        assert error_code(get(url, verb="ListSets")) == "noSetHierarchy"


def test_no_set_hierarchy_for_a_set_request(tmp_path):
    with running(create_app(Edition.open(_setless_edition(tmp_path)))) as url:
        root = get(url, verb="ListRecords", metadataPrefix="oai_dc", set="archive")
        assert error_code(root) == "noSetHierarchy"
