"""DTS 1-alpha at /api/dts over HTTP: entry, collection, navigation and document, with their errors."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from golden_support import check_golden
from serve_support import copy_exchange_edition, running
from teikit import tei
from teikit.edition import Edition
from teikit.exchange.app import create_app

CONTEXT = "https://distributed-text-services.github.io/specifications/context/1-alpha1.json"
DTS_NS = "https://w3id.org/dts/api#"
NS = {"tei": tei.TEI_NS, "dts": DTS_NS}
CASES = Path(__file__).resolve().parent / "cases" / "dts"
DTS_PAGE = 4


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    edition_dir = copy_exchange_edition(tmp_path_factory.mktemp("dts") / "edition")
    with running(create_app(Edition.open(edition_dir), dts_page_size=DTS_PAGE)) as url:
        yield url


def get_json(base, path, status=200, **params):
    response = httpx.get(f"{base}{path}", params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/ld+json")
    data = response.json()
    assert data["@context"] == CONTEXT and data["dtsVersion"] == "1-alpha"
    return data


def nav(base, status=200, **params):
    return get_json(base, "/api/dts/navigation", status, **params)


def doc(base, status=200, **params):
    response = httpx.get(f"{base}/api/dts/document", params=params)
    assert response.status_code == status, response.text
    return response


def check_json_golden(name: str, data: dict, update: bool, base: str) -> None:
    """Compare a response, as sorted JSON, with its golden file in cases/dts/."""
    # The server's port changes from run to run: golden files name it http://testserver.
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True).replace(base, "http://testserver")
    check_golden(text, CASES / name, update)


def check_citable_unit(unit: dict) -> None:
    assert unit["@type"] == "CitableUnit"
    assert isinstance(unit["identifier"], str) and isinstance(unit["level"], int) and unit["level"] >= 1
    assert "parent" in unit and (unit["parent"] is None or isinstance(unit["parent"], str))


def check_resource(resource: dict) -> None:
    """Check the properties the Collection endpoint requires of a Resource."""
    for key, kind in (("@id", str), ("title", str), ("totalItems", int), ("totalParents", int),
                      ("totalChildren", int), ("maxCiteDepth", int), ("navigation", str), ("document", str),
                      ("citationTrees", list)):
        assert isinstance(resource[key], kind), key
    assert resource["@type"] == "Resource"
    assert resource["document"].endswith("{&ref,start,end,tree,mediaType}")
    for tree in resource["citationTrees"]:
        assert tree["@type"] == "CitationTree" and isinstance(tree["maxCiteDepth"], int)


# -- entry -----------------------------------------------------------------------------------

def test_entry_point_lists_the_endpoint_templates(base):
    data = get_json(base, "/api/dts")
    assert data["@type"] == "EntryPoint" and data["@id"] == f"{base}/api/dts"
    assert data["collection"] == f"{base}/api/dts/collection{{?id,page,nav}}"
    assert data["navigation"] == f"{base}/api/dts/navigation{{?resource,ref,start,end,down,tree,page}}"
    assert data["document"] == f"{base}/api/dts/document{{?resource,ref,start,end,tree,mediaType}}"


def test_templates_expand_to_working_urls(base):
    data = get_json(base, "/api/dts")
    url = data["collection"].split("{")[0] + "?id=wilson-116548"
    assert httpx.get(url).json()["@id"] == "wilson-116548"


# -- collection ------------------------------------------------------------------------------

ARCHIVES = ["archive:avprf", "archive:mol", "archive:naa", "archive:none", "archive:prc-fma"]


def test_root_collection_groups_documents_by_archive(base):
    first = get_json(base, "/api/dts/collection", page="1")
    second = get_json(base, "/api/dts/collection", page="2")
    assert first["@type"] == "Collection" and first["@id"] == "exchange-test" and first["totalParents"] == 0
    assert first["totalItems"] == first["totalChildren"] == len(ARCHIVES)
    assert first["dublinCore"]["creator"] == ["Ada Editor", "Ben Editor"]
    assert [m["@id"] for m in first["member"] + second["member"]] == ARCHIVES
    assert all(m["@type"] == "Collection" and m["totalParents"] == 1 for m in first["member"])


def test_archive_collection_lists_its_documents(base):
    data = get_json(base, "/api/dts/collection", id="archive:prc-fma")
    assert data["title"] == "PRC FMA" and data["totalChildren"] == 2
    assert [m["@id"] for m in data["member"]] == ["wilson-116548", "wilson-119500"]
    for member in data["member"]:
        check_resource(member)


def test_every_document_is_in_one_archive_collection(base):
    found = []
    for archive in ARCHIVES:
        found += [m["@id"] for m in get_json(base, "/api/dts/collection", id=archive)["member"]]
    assert sorted(found) == ["dafp-v22-343", "plain-note", "wilson-113000", "wilson-116548", "wilson-118000",
                             "wilson-119500"]


def test_collection_pages_its_members(base):
    first = get_json(base, "/api/dts/collection", page="1")
    second = get_json(base, "/api/dts/collection", page="2")
    assert len(first["member"]) == DTS_PAGE and len(second["member"]) == 1
    assert first["view"]["@type"] == "PartialCollectionView"
    assert first["view"]["next"] == f"{base}/api/dts/collection?id=exchange-test&page=2"
    assert "next" not in second["view"] and second["view"]["previous"].endswith("page=1")


def test_resource_collection_describes_its_citation_trees(base, update_golden):
    data = get_json(base, "/api/dts/collection", id="dafp-v22-343")
    check_resource(data)
    assert [t.get("identifier") for t in data["citationTrees"]] == [None, "pages"]
    check_json_golden("collection-resource.json", data, update_golden, base)


def test_resource_dublin_core_metadata(base):
    data = get_json(base, "/api/dts/collection", id="wilson-116548")
    dc = data["dublinCore"]
    assert dc["title"] == [{"lang": "en", "value": data["title"]}]
    assert dc["language"] == ["en", "zh"] and dc["date"] == "1964-09-05"


def test_parent_of_a_resource_is_its_archive(base):
    data = get_json(base, "/api/dts/collection", id="wilson-113000", nav="parents")
    assert [m["@id"] for m in data["member"]] == ["archive:avprf"]
    assert data["totalItems"] == data["totalParents"] == 1


def test_parent_of_an_archive_is_the_edition(base):
    data = get_json(base, "/api/dts/collection", id="archive:none", nav="parents")
    assert [m["@id"] for m in data["member"]] == ["exchange-test"]


def test_edition_has_no_parents(base):
    data = get_json(base, "/api/dts/collection", nav="parents")
    assert data["member"] == [] and data["totalItems"] == 0


@pytest.mark.parametrize("params,status", [
    ({"id": "no-such-thing"}, 404),
    ({"nav": "siblings"}, 400),
    ({"page": "abc"}, 400),
    ({"page": "0"}, 400),
    ({"page": "99"}, 404),
], ids=["unknown_id", "bad_nav", "malformed_page", "page_zero", "page_out_of_range"])
def test_collection_errors(base, params, status):
    data = get_json(base, "/api/dts/collection", status, **params)
    assert data["@type"] == "Status" and data["statusCode"] == status


# -- navigation ------------------------------------------------------------------------------

def test_navigation_down_one_lists_top_level_units(base, update_golden):
    data = nav(base, resource="dafp-v22-343", down="1")
    assert data["@type"] == "Navigation"
    assert data["@id"] == f"{base}/api/dts/navigation?resource=dafp-v22-343&down=1"
    assert [m["identifier"] for m in data["member"]] == ["1", "2", "3"]
    for unit in data["member"]:
        check_citable_unit(unit)
    check_json_golden("navigation-down-1.json", {k: v for k, v in data.items() if k != "@id"}, update_golden, base)


def test_navigation_of_converter_shaped_document(base):
    data = nav(base, resource="wilson-116548", down="-1")
    assert [(m["identifier"], m["level"], m["parent"]) for m in data["member"]] == [
        ("1", 1, None), ("2", 1, None), ("3", 1, None), ("4", 1, None)]
    assert data["resource"]["citationTrees"][0]["citeStructure"][0]["citeType"] == "block"


def test_navigation_whole_tree_in_document_order(base):
    data = nav(base, resource="dafp-v22-343", down="-1")
    members = data["member"]
    while "next" in data["view"]:
        data = httpx.get(data["view"]["next"]).json()
        members += data["member"]
    assert [(m["identifier"], m["parent"]) for m in members] == [
        ("1", None), ("1.1", "1"), ("1.2", "1"), ("2", None), ("2.1", "2"), ("2.2", "2"), ("2.3", "2"),
        ("3", None), ("3.1", "3")]


def test_navigation_ref_alone_has_no_member(base):
    data = nav(base, resource="dafp-v22-343", ref="2")
    assert data["ref"]["identifier"] == "2" and data["ref"]["dublinCore"]["title"][0]["value"] == "Second meeting"
    assert "member" not in data


def test_navigation_ref_down_zero_gives_siblings(base):
    data = nav(base, resource="dafp-v22-343", ref="2.2", down="0")
    assert [m["identifier"] for m in data["member"]] == ["2.1", "2.2", "2.3"]


def test_navigation_ref_down_gives_the_unit_and_its_subtree(base):
    data = nav(base, resource="dafp-v22-343", ref="2", down="1")
    assert [m["identifier"] for m in data["member"]] == ["2", "2.1", "2.2", "2.3"]


def test_navigation_below_the_bottom_is_empty_not_an_error(base):
    data = nav(base, resource="dafp-v22-343", ref="2.1", down="2")
    assert [m["identifier"] for m in data["member"]] == ["2.1"]


def test_navigation_range_with_down(base):
    data = nav(base, resource="dafp-v22-343", start="1.2", end="2.1", down="1")
    assert data["start"]["identifier"] == "1.2" and data["end"]["identifier"] == "2.1"
    assert [m["identifier"] for m in data["member"]] == ["1.2", "2", "2.1"]


def test_navigation_range_without_down_has_no_member(base):
    data = nav(base, resource="dafp-v22-343", start="1", end="3")
    assert "member" not in data and data["end"]["identifier"] == "3"


def test_navigation_named_tree(base):
    data = nav(base, resource="dafp-v22-343", tree="pages", down="1")
    assert [m["identifier"] for m in data["member"]] == ["1", "2"]
    assert all(m["citeType"] == "page" for m in data["member"])


def test_navigation_of_a_resource_without_citation_tree_is_empty(base):
    data = nav(base, resource="plain-note", down="1")
    assert data["member"] == [] and data["resource"]["citationTrees"] == []


def test_navigation_pages_long_member_lists(base):
    data = nav(base, resource="dafp-v22-343", down="-1", page="2")
    assert [m["identifier"] for m in data["member"]] == ["2.1", "2.2", "2.3", "3"]
    assert data["view"]["previous"].endswith("page=1")


NAV_ERRORS = {
    "missing_resource": ({"down": "1"}, 400),
    "no_ref_start_or_down": ({"resource": "dafp-v22-343"}, 400),
    "ref_with_start": ({"resource": "dafp-v22-343", "ref": "1", "start": "1", "end": "2"}, 400),
    "start_without_end": ({"resource": "dafp-v22-343", "start": "1"}, 400),
    "end_without_start": ({"resource": "dafp-v22-343", "end": "1", "down": "1"}, 400),
    "down_zero_with_range": ({"resource": "dafp-v22-343", "start": "1", "end": "2", "down": "0"}, 400),
    "malformed_down": ({"resource": "dafp-v22-343", "down": "deep"}, 400),
    "down_below_minus_one": ({"resource": "dafp-v22-343", "down": "-2"}, 400),
    "unknown_resource": ({"resource": "nothing", "down": "1"}, 404),
    "unknown_ref": ({"resource": "dafp-v22-343", "ref": "9.9"}, 404),
    "unknown_start": ({"resource": "dafp-v22-343", "start": "9", "end": "1"}, 404),
    "unknown_tree": ({"resource": "dafp-v22-343", "tree": "lines", "down": "1"}, 404),
}


@pytest.mark.parametrize("case", sorted(NAV_ERRORS))
def test_navigation_errors(base, case):
    params, status = NAV_ERRORS[case]
    data = nav(base, status, **params)
    assert data["@type"] == "Status" and data["statusCode"] == status and data["description"]


def test_repeated_parameter_is_a_bad_request(base):
    response = httpx.get(f"{base}/api/dts/navigation?resource=dafp-v22-343&ref=1&ref=2")
    assert response.status_code == 400 and "repeated" in response.json()["description"]


def test_oversized_query_is_refused(base):
    response = httpx.get(f"{base}/api/dts/navigation?resource=" + "a" * 5000)
    assert response.status_code == 414


def test_malformed_encoding_is_a_bad_request(base):
    response = httpx.get(f"{base}/api/dts/collection?id=%C3%28")
    assert response.status_code == 400


# -- document --------------------------------------------------------------------------------

def test_document_whole_tei(base):
    response = doc(base, resource="wilson-116548")
    assert response.headers["content-type"].startswith("application/tei+xml")
    assert response.headers["link"] == f'<{base}/api/dts/collection?id=wilson-116548>; rel="collection"'
    root = tei.parse_bytes(response.content).getroot()
    assert root.tag == tei.T("TEI") and root.get(tei.XML_ID) == "wilson-116548"
    assert len(root.findall(".//tei:body/*", NS)) == 4


def test_document_passage_by_ref_is_wrapped(base):
    root = tei.parse_bytes(doc(base, resource="wilson-116548", ref="3").content).getroot()
    assert root.tag == tei.T("TEI") and root.find("tei:teiHeader", NS) is not None
    wrapper = root.find(".//dts:wrapper", NS)
    assert [(e.tag, e.get("n")) for e in wrapper] == [(tei.T("sp"), "3")]


def test_document_range_is_cut_at_its_end(base):
    root = tei.parse_bytes(doc(base, resource="dafp-v22-343", start="1.2", end="2.1").content).getroot()
    wrapper = root.find(".//dts:wrapper", NS)
    assert [e.get("n") for e in wrapper] == ["2", "2"]  # paragraph 1.2, then meeting 2 cut after 2.1
    assert wrapper[1].xpath("tei:p/@n", namespaces=NS) == ["1"]
    assert wrapper[1].findtext("tei:head", namespaces=NS) == "Second meeting"


def test_document_passage_in_a_named_tree(base):
    root = tei.parse_bytes(doc(base, resource="dafp-v22-343", tree="pages", ref="2").content).getroot()
    assert [e.tag for e in root.find(".//dts:wrapper", NS)] == [tei.T("pb")]


DOC_ERRORS = {
    "missing_resource": ({"ref": "1"}, 400),
    "ref_with_range": ({"resource": "wilson-116548", "ref": "1", "start": "1", "end": "2"}, 400),
    "start_without_end": ({"resource": "wilson-116548", "start": "1"}, 400),
    "unknown_resource": ({"resource": "missing"}, 404),
    "unknown_ref": ({"resource": "wilson-116548", "ref": "99"}, 404),
    "unavailable_media_type": ({"resource": "wilson-116548", "mediaType": "application/pdf"}, 404),
    "ref_in_resource_without_tree": ({"resource": "plain-note", "ref": "1"}, 404),
}


@pytest.mark.parametrize("case", sorted(DOC_ERRORS))
def test_document_errors(base, case):
    params, status = DOC_ERRORS[case]
    response = doc(base, status, **params)
    assert response.headers["content-type"].startswith("application/ld+json")
    assert response.json()["statusCode"] == status


def test_resource_ids_are_url_encoded_in_templates(base):
    data = get_json(base, "/api/dts/collection", id="wilson-116548")
    assert data["navigation"].startswith(f"{base}/api/dts/navigation?resource={quote('wilson-116548', safe='')}")


def test_turns_of_speech_name_their_speaker_from_the_register(base):
    data = nav(base, resource="wilson-116548", ref="2")
    assert data["ref"]["dublinCore"]["creator"] == ["Fang Yi"]
