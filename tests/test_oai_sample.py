"""Acceptance: the sample edition, converted from its records, is harvested whole with sickle and served over DTS."""

from __future__ import annotations

import importlib.util
import shutil

import httpx
import pytest
from click.testing import CliRunner
from sickle import Sickle

from serve_support import running
from teikit.cli import main
from teikit.edition import Edition
from teikit.exchange.app import create_app
from teikit.resources import sample_edition


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    if importlib.util.find_spec("teikit.commands.convert") is None:
        pytest.skip("the converter is not part of this installation")
    records, settings = sample_edition()
    root = tmp_path_factory.mktemp("sample") / "edition"
    root.mkdir()
    shutil.copy(settings, root / "edition.toml")
    result = CliRunner().invoke(main, ["convert", str(records), "-o", str(root / "tei")])
    assert result.exit_code in (0, 1), result.output  # 1: some records carry data warnings
    return Edition.open(root)


def test_sickle_harvests_every_record_of_the_sample_edition(sample):
    documents = sorted(path.stem for path in sample.documents())
    assert documents
    with running(create_app(sample, oai_page_size=2)) as base:
        records = list(Sickle(f"{base}/oai").ListRecords(metadataPrefix="oai_dc"))
    assert sorted(r.header.identifier.rsplit(":", 1)[1] for r in records) == documents
    assert all(r.metadata.get("title") and r.metadata.get("date") for r in records)


def test_dts_navigates_every_document_of_the_sample_edition(sample):
    with running(create_app(sample)) as base:
        for path in sample.documents():
            response = httpx.get(f"{base}/api/dts/navigation", params={"resource": path.stem, "down": "1"})
            assert response.status_code == 200
            assert response.json()["member"], f"{path.stem}: no citable units"
